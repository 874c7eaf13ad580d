using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws;

/// <summary>The key schema of every DynamoDB table; the one place that creates them.</summary>
public static class TableDefinitions
{
    /// <summary>TTL attribute of the bars table (epoch seconds).</summary>
    public const string BarsTtlAttribute = "expiresAt";

    public static CreateTableRequest QuotesLatest(string tableName) => Table(tableName, ("symbol", null));

    public static CreateTableRequest QuoteBars(string tableName) => Table(tableName, ("series", "bucket"));

    public static CreateTableRequest BridgeLeases(string tableName) => Table(tableName, ("shardId", null));

    public static CreateTableRequest SymbolUniverse(string tableName) => Table(tableName, ("portfolioId", null));

    public static CreateTableRequest AlertRules(string tableName) => Table(tableName, ("ruleId", null));

    private static CreateTableRequest Table(string name, (string Hash, string? Range) key)
    {
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(key.Hash, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(key.Hash, KeyType.HASH)],
        };
        if (key.Range is not null)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(key.Range, ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(key.Range, KeyType.RANGE));
        }

        return request;
    }
}
