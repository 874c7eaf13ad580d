using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Reads <c>stockmonitor-quotes-latest</c> (one item per symbol: the newest quote and the day statistics). Only the
/// owner of the quotes writes it, whole items in batches (see <see cref="PriceBook"/>).
/// </summary>
public sealed class LatestQuoteStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources, TimeProvider? time = null)
{
    private readonly string table = resources.Value.QuotesLatestTable;
    private readonly DynamoBatches batches = new(dynamoDb, time ?? TimeProvider.System);

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
        var quotes = await dynamoDb.ScanItemsAsync(new ScanRequest { TableName = table }, cancellationToken)
            .Where(i => i.ContainsKey("price"))
            .Select(FromItem)
            .ToListAsync(cancellationToken);
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
        var keys = symbols.Distinct(StringComparer.Ordinal).Select(s => new Dictionary<string, AttributeValue> { ["symbol"] = new(s) });
        var items = await batches.GetAsync(table, keys, consistentRead: true, cancellationToken);
        return items.ToDictionary(i => i["symbol"].S, StringComparer.Ordinal);
    }
}
