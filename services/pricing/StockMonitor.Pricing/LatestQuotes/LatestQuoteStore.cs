using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Pricing.LatestQuotes;

/// <summary>Reads and writes <c>stockmonitor-quotes-latest</c>. Writes are conditional: an older quote never replaces a newer one.</summary>
public sealed class LatestQuoteStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private readonly string table = resources.Value.QuotesLatestTable;

    /// <summary>Stores <paramref name="quote"/> unless the table already holds a quote observed at the same time or later.</summary>
    /// <returns>The stored quote, or null when a newer (or the same) one was already there.</returns>
    public async Task<LatestQuote?> TryUpdateAsync(Quote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var latest = new LatestQuote(
            quote.Symbol,
            quote.Price,
            quote.Currency,
            quote.Open,
            quote.High,
            quote.Low,
            quote.PreviousClose,
            PriceArithmetic.Change(quote.Price, quote.PreviousClose),
            PriceArithmetic.ChangePercent(quote.Price, quote.PreviousClose),
            quote.Volume,
            quote.ObservedAt,
            quote.Source);
        var request = new PutItemRequest
        {
            TableName = table,
            Item = ToItem(latest),
            ConditionExpression = "attribute_not_exists(symbol) OR observedAt < :observedAt",
            ExpressionAttributeValues = new() { [":observedAt"] = new AttributeValue(DynamoTime.ToAttribute(quote.ObservedAt)) },
        };
        try
        {
            await dynamoDb.PutItemAsync(request, cancellationToken);
            return latest;
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<LatestQuote?> GetAsync(string symbol, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = table, Key = new() { ["symbol"] = new AttributeValue(symbol) }, ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    /// <summary>Every symbol's latest quote (the table holds one item per symbol, so a scan stays small).</summary>
    public async Task<IReadOnlyList<LatestQuote>> GetAllAsync(CancellationToken cancellationToken)
    {
        var quotes = new List<LatestQuote>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start }, cancellationToken);
            quotes.AddRange(page.Items.Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return quotes.OrderBy(q => q.Symbol, StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, AttributeValue> ToItem(LatestQuote q)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["symbol"] = new(q.Symbol),
            ["price"] = Number(q.Price),
            ["observedAt"] = new(DynamoTime.ToAttribute(q.ObservedAt)),
            ["source"] = new(q.Source),
        };
        AddIfPresent(item, "currency", q.Currency);
        AddIfPresent(item, "open", q.Open);
        AddIfPresent(item, "high", q.High);
        AddIfPresent(item, "low", q.Low);
        AddIfPresent(item, "previousClose", q.PreviousClose);
        AddIfPresent(item, "change", q.Change);
        AddIfPresent(item, "changePercent", q.ChangePercent);
        AddIfPresent(item, "volume", q.Volume);
        return item;
    }

    private static LatestQuote FromItem(Dictionary<string, AttributeValue> item) => new(
        item["symbol"].S,
        ReadNumber(item, "price") ?? 0m,
        item.TryGetValue("currency", out var c) ? c.S : null,
        ReadNumber(item, "open"),
        ReadNumber(item, "high"),
        ReadNumber(item, "low"),
        ReadNumber(item, "previousClose"),
        ReadNumber(item, "change"),
        ReadNumber(item, "changePercent"),
        ReadNumber(item, "volume"),
        DynamoTime.Parse(item["observedAt"].S),
        item.TryGetValue("source", out var s) ? s.S : "unknown");

    private static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static void AddIfPresent(Dictionary<string, AttributeValue> item, string name, decimal? value)
    {
        if (value is { } v)
        {
            item[name] = Number(v);
        }
    }

    private static void AddIfPresent(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = new AttributeValue(value);
        }
    }

    private static decimal? ReadNumber(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is not null ? decimal.Parse(v.N, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
