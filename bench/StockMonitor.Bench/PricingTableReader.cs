using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Bench;

/// <summary>Reads the pricing tables directly (consistent scans), as the benchmark's judge of what pricing has written.</summary>
internal static class PricingTableReader
{
    /// <summary>Every item of the latest table that holds a quote, by symbol.</summary>
    public static async Task<Dictionary<string, LatestRow>> ScanLatestAsync(IAmazonDynamoDB dynamoDb, string table, bool withStatistics, CancellationToken cancellationToken = default)
    {
        var rows = new Dictionary<string, LatestRow>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest
                {
                    TableName = table,
                    ConsistentRead = true,
                    ProjectionExpression = withStatistics ? "symbol, observedAt, price, statsQuoteCount" : "symbol, observedAt",
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (item.TryGetValue("observedAt", out var observedAt))
                {
                    var symbol = item["symbol"].S;
                    rows[symbol] = new LatestRow(symbol, ParseTime(observedAt.S), Number(item, "price"), Number(item, "statsQuoteCount") is { } count ? (int)count : null);
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return rows;
    }

    /// <summary>The sum of <c>count</c> over each symbol's 1-minute bars (<c>SYMBOL#1m</c> items), by symbol.</summary>
    public static async Task<Dictionary<string, long>> ScanMinuteCountsAsync(IAmazonDynamoDB dynamoDb, string table, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest
                {
                    TableName = table,
                    ConsistentRead = true,
                    ProjectionExpression = "series, #count",
                    ExpressionAttributeNames = new() { ["#count"] = "count" },
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                var series = item["series"].S;
                if (series.EndsWith("#1m", StringComparison.Ordinal) && Number(item, "count") is { } count)
                {
                    var symbol = series[..^3];
                    counts[symbol] = counts.GetValueOrDefault(symbol) + (long)count;
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return counts;
    }

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);


    private static decimal? Number(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? decimal.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
