using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Ingestion.Symbols;

/// <summary>
/// Keeps each portfolio's symbol set in DynamoDB (<c>stockmonitor-symbol-universe</c>, key <c>portfolioId</c>),
/// so the universe survives restarts. A write only replaces an older version.
/// </summary>
public sealed class SymbolUniverseStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private readonly string table = resources.Value.SymbolUniverseTable;

    public async Task<IReadOnlyList<(Guid PortfolioId, long Version, IReadOnlyList<string> Symbols)>> LoadAllAsync(CancellationToken cancellationToken) =>
        await dynamoDb.ScanItemsAsync(new ScanRequest { TableName = table, ConsistentRead = true }, cancellationToken)
            .Select(FromItem)
            .ToListAsync(cancellationToken);

    /// <summary>Stores the set unless a newer (or the same) version is already stored; returns whether it wrote.</summary>
    public Task<bool> SaveAsync(Guid portfolioId, long version, IReadOnlyCollection<string> symbols, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        dynamoDb.TryPutItemAsync(
            new PutItemRequest
            {
                TableName = table,
                Item = new()
                {
                    ["portfolioId"] = new AttributeValue(portfolioId.ToString()),
                    ["version"] = DynamoNumber.Of(version),
                    // A list, not a string set: a set cannot be empty, and a portfolio may hold nothing.
                    ["symbols"] = new AttributeValue { L = symbols.Select(s => new AttributeValue(s)).ToList() },
                    ["changedAt"] = DynamoTime.Of(changedAt),
                },
                ConditionExpression = "attribute_not_exists(portfolioId) OR version < :version",
                ExpressionAttributeValues = new() { [":version"] = DynamoNumber.Of(version) },
            },
            cancellationToken);

    private static (Guid PortfolioId, long Version, IReadOnlyList<string> Symbols) FromItem(Dictionary<string, AttributeValue> item) => (
        Guid.Parse(item["portfolioId"].S, CultureInfo.InvariantCulture),
        DynamoNumber.ParseInt64(item["version"]),
        item.TryGetValue("symbols", out var list) && list.L is { } values ? values.Select(v => v.S).ToList() : []);
}
