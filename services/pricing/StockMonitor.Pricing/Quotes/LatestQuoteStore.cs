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
/// Reads and writes <c>stockmonitor-quotes-latest</c>. Each attribute group has its own guard, both of which only
/// move forward: the quote group is replaced only by a newer quote (observed time, then tick order), the
/// statistics group only by statistics of a later day or of more ticks of the same day.
/// </summary>
public sealed class LatestQuoteStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private readonly string table = resources.Value.QuotesLatestTable;

    /// <summary>
    /// Stores <paramref name="quote"/> as the symbol's newest unless a newer one is there; returns whether it is now
    /// the stored newest (also when it already was: a redelivered newest quote is announced again).
    /// </summary>
    public async Task<bool> TryUpdateQuoteAsync(Quote quote, Tick tick, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(tick);
        var update = new UpdateBuilder();
        update.Set("price", Number(quote.Price));
        update.Set("observedAt", new AttributeValue(DynamoTime.ToAttribute(quote.ObservedAt)));
        update.Set("tieKey", new AttributeValue(tick.OrderKey));
        update.Set("source", new AttributeValue(quote.Source));
        update.SetOrRemove("currency", quote.Currency is null ? null : new AttributeValue(quote.Currency));
        update.SetOrRemove("open", Number(quote.Open));
        update.SetOrRemove("high", Number(quote.High));
        update.SetOrRemove("low", Number(quote.Low));
        update.SetOrRemove("previousClose", Number(quote.PreviousClose));
        update.SetOrRemove("change", Number(PriceArithmetic.Change(quote.Price, quote.PreviousClose)));
        update.SetOrRemove("changePercent", Number(PriceArithmetic.ChangePercent(quote.Price, quote.PreviousClose)));
        update.SetOrRemove("volume", Number(quote.Volume));
        return await update.TryApplyAsync(
            dynamoDb,
            table,
            quote.Symbol,
            "attribute_not_exists(observedAt) OR observedAt < :observedAt OR (observedAt = :observedAt AND tieKey <= :tieKey)",
            cancellationToken);
    }

    /// <summary>Stores statistics unless ones of a later day, or of more ticks of the same day, are there.</summary>
    public Task<bool> TryUpdateStatisticsAsync(string symbol, DayStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var update = new UpdateBuilder();
        update.Set("statsDay", new AttributeValue(statistics.Day));
        update.Set("statsQuoteCount", Number(statistics.QuoteCount));
        update.SetOrRemove("vwap", Number(statistics.Vwap));
        update.SetOrRemove("return1m", Number(statistics.Return1m));
        update.SetOrRemove("return5m", Number(statistics.Return5m));
        update.SetOrRemove("return15m", Number(statistics.Return15m));
        update.SetOrRemove("return1h", Number(statistics.Return1h));
        update.SetOrRemove("volatility1h", Number(statistics.Volatility1h));
        update.Set("dayOpen", Number(statistics.DayOpen));
        update.Set("dayHigh", Number(statistics.DayHigh));
        update.Set("dayLow", Number(statistics.DayLow));
        return update.TryApplyAsync(
            dynamoDb,
            table,
            symbol,
            "attribute_not_exists(statsDay) OR statsDay < :statsDay OR (statsDay = :statsDay AND statsQuoteCount <= :statsQuoteCount)",
            cancellationToken);
    }

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
        decimal? N(string name) => item.TryGetValue(name, out var v) && v.N is not null ? decimal.Parse(v.N, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
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

    internal static AttributeValue? Number(decimal? value) => value is { } v ? new AttributeValue { N = v.ToString(CultureInfo.InvariantCulture) } : null;

    internal static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Builds a conditional UpdateItem that sets present attributes and removes absent ones.</summary>
    private sealed class UpdateBuilder
    {
        private readonly List<string> sets = [];
        private readonly List<string> removes = [];
        private readonly Dictionary<string, string> names = [];
        private readonly Dictionary<string, AttributeValue> values = [];

        public void Set(string attribute, AttributeValue value)
        {
            names["#" + attribute] = attribute;
            values[":" + attribute] = value;
            sets.Add($"#{attribute} = :{attribute}");
        }

        public void SetOrRemove(string attribute, AttributeValue? value)
        {
            if (value is null)
            {
                names["#" + attribute] = attribute;
                removes.Add("#" + attribute);
            }
            else
            {
                Set(attribute, value);
            }
        }

        public async Task<bool> TryApplyAsync(IAmazonDynamoDB dynamoDb, string table, string symbol, string condition, CancellationToken cancellationToken)
        {
            var expression = "SET " + string.Join(", ", sets) + (removes.Count > 0 ? " REMOVE " + string.Join(", ", removes) : "");
            try
            {
                await dynamoDb.UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = table,
                        Key = new() { ["symbol"] = new AttributeValue(symbol) },
                        UpdateExpression = expression,
                        ConditionExpression = condition,
                        ExpressionAttributeNames = names,
                        ExpressionAttributeValues = values,
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
}
