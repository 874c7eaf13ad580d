using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws;

/// <summary>
/// One DynamoDB table's facts: its keys (strings), its TTL attribute if items expire, and whether point-in-time
/// recovery is on. The local provisioner and the CDK app (<c>infra/</c>) both build the table from these.
/// </summary>
/// <param name="Id">A stable name for the table in code (the CDK construct id), independent of the configured table name.</param>
/// <param name="Name">The table's configured name.</param>
public sealed record TableDefinition(string Id, Func<AwsResources, string> Name, string HashKey, string? RangeKey = null, string? TimeToLiveAttribute = null)
{
    /// <summary>Every table is on-demand: the load follows the market's hours.</summary>
    public static BillingMode BillingMode => BillingMode.PAY_PER_REQUEST;

    /// <summary>Point-in-time recovery (on AWS; the emulator has none): on for every table, since each holds state a restart needs.</summary>
    public bool PointInTimeRecovery { get; init; } = true;

    /// <summary>The request that creates the table under <paramref name="tableName"/>.</summary>
    public CreateTableRequest CreateRequest(string tableName)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode,
            AttributeDefinitions = [new AttributeDefinition(HashKey, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(HashKey, KeyType.HASH)],
        };
        if (RangeKey is not null)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(RangeKey, ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(RangeKey, KeyType.RANGE));
        }

        return request;
    }
}
