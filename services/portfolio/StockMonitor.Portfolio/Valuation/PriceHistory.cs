using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// Past prices for valuing a portfolio at past instants: the close (and the time of its last tick) of each
/// 1-hour bar pricing keeps in <c>stockmonitor-quote-bars</c> (400 days).
/// </summary>
public sealed class PriceHistory(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    /// <summary>Hour closes of <paramref name="symbol"/> with buckets in [from, to), oldest first, as (time of the close, close).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, decimal Close)>> HourClosesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var closes = new List<(DateTimeOffset, decimal)>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(
                new QueryRequest
                {
                    TableName = resources.Value.QuoteBarsTable,
                    KeyConditionExpression = "series = :series AND #bucket BETWEEN :from AND :to",
                    ExpressionAttributeNames = new() { ["#bucket"] = "bucket", ["#close"] = "close" },
                    ExpressionAttributeValues = new()
                    {
                        [":series"] = new($"{symbol}#1h"),
                        [":from"] = new(Bucket(from)),
                        [":to"] = new(Bucket(to)),
                    },
                    ProjectionExpression = "#bucket, #close, lastAt",
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (item.TryGetValue("close", out var close) && item.TryGetValue("lastAt", out var lastAt))
                {
                    closes.Add((DateTimeOffset.Parse(lastAt.S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), decimal.Parse(close.N, NumberStyles.Float, CultureInfo.InvariantCulture)));
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return closes;
    }

    private static string Bucket(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
