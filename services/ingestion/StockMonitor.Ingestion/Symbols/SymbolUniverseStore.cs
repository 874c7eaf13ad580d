using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Ingestion.Symbols;

/// <summary>
/// Keeps each portfolio's symbol set in DynamoDB (<c>stockmonitor-symbol-universe</c>, key <c>portfolioId</c>),
/// so the universe survives restarts. A write only replaces an older version.
/// </summary>
public sealed class SymbolUniverseStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private readonly string table = resources.Value.SymbolUniverseTable;

    public async Task<IReadOnlyList<(Guid PortfolioId, long Version, IReadOnlyList<string> Symbols)>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<(Guid, long, IReadOnlyList<string>)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken);
            foreach (var item in page.Items)
            {
                entries.Add((
                    Guid.Parse(item["portfolioId"].S, CultureInfo.InvariantCulture),
                    long.Parse(item["version"].N, CultureInfo.InvariantCulture),
                    item.TryGetValue("symbols", out var list) && list.L is { } values ? values.Select(v => v.S).ToList() : []));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return entries;
    }

    /// <summary>Stores the set unless a newer (or the same) version is already stored; returns whether it wrote.</summary>
    public async Task<bool> SaveAsync(Guid portfolioId, long version, IReadOnlyCollection<string> symbols, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.PutItemAsync(
                new PutItemRequest
                {
                    TableName = table,
                    Item = new()
                    {
                        ["portfolioId"] = new AttributeValue(portfolioId.ToString()),
                        ["version"] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) },
                        // A list, not a string set: a set cannot be empty, and a portfolio may hold nothing.
                        ["symbols"] = new AttributeValue { L = symbols.Select(s => new AttributeValue(s)).ToList() },
                        ["changedAt"] = new AttributeValue(changedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                    },
                    ConditionExpression = "attribute_not_exists(portfolioId) OR version < :version",
                    ExpressionAttributeValues = new() { [":version"] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) } },
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
