using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;
using StockMonitor.Pricing.Storage;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Reads <c>stockmonitor-quotes-latest</c> (one item per symbol: the newest quote and the day statistics). Only the
/// owner of the quotes writes it, whole items in batches (see <see cref="PriceBook"/>).
/// </summary>
public sealed class LatestQuoteStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private readonly string table = resources.Value.QuotesLatestTable;

    public async Task<LatestQuote?> GetAsync(string symbol, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = table, Key = new() { ["symbol"] = new AttributeValue(symbol) }, ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item && item.ContainsKey("price") ? FromItem(item) : null;
    }

    /// <summary>Every symbol's latest quote (the table holds one item per symbol, so a scan stays small).</summary>
    public async Task<IReadOnlyList<LatestQuote>> GetAllAsync(CancellationToken cancellationToken)
    {
        var quotes = new List<LatestQuote>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start }, cancellationToken);
            quotes.AddRange(page.Items.Where(i => i.ContainsKey("price")).Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return quotes.OrderBy(q => q.Symbol, StringComparer.Ordinal).ToList();
    }

    private static LatestQuote FromItem(Dictionary<string, AttributeValue> item)
    {
        decimal? N(string name) => item.TryGetValue(name, out var v) && v.N is not null ? DynamoNumber.Parse(v) : null;
        string? S(string name) => item.TryGetValue(name, out var v) ? v.S : null;

        return new LatestQuote(
            item["symbol"].S,
            N("price") ?? 0m,
            S("currency"),
            N("open"),
            N("high"),
            N("low"),
            N("previousClose"),
            N("change"),
            N("changePercent"),
            N("volume"),
            DynamoTime.Parse(item["observedAt"].S),
            S("source") ?? "unknown",
            N("vwap"),
            N("return1m"),
            N("return5m"),
            N("return15m"),
            N("return1h"),
            N("volatility1h"),
            N("dayOpen"),
            N("dayHigh"),
            N("dayLow"),
            S("statsDay"),
            N("statsQuoteCount") is { } count ? (int)count : null);
    }

    /// <summary>The stored items of <paramref name="symbols"/> (consistent reads, 100 keys per call); symbols without one are absent.</summary>
    public async Task<Dictionary<string, Dictionary<string, AttributeValue>>> GetItemsAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var items = new Dictionary<string, Dictionary<string, AttributeValue>>(StringComparer.Ordinal);
        foreach (var chunk in symbols.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var keys = new KeysAndAttributes { ConsistentRead = true, Keys = chunk.Select(s => new Dictionary<string, AttributeValue> { ["symbol"] = new(s) }).ToList() };
            var pending = new Dictionary<string, KeysAndAttributes> { [table] = keys };
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1_000, 20 << Math.Min(attempt, 6))), cancellationToken);
                }

                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken);
                if (response.Responses?.TryGetValue(table, out var found) == true)
                {
                    foreach (var item in found)
                    {
                        items[item["symbol"].S] = item;
                    }
                }

                pending = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        return items;
    }
}
