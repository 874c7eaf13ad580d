using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests;

/// <summary>Feeding quotes at load and checking pricing's tables against them: each quote counted once in its minute and hour, the newest price latest.</summary>
internal static class PricingTables
{
    /// <summary><paramref name="count"/> quotes round-robin over <paramref name="symbols"/> symbols, 50 ms apart, ending a minute ago.</summary>
    public static List<QuoteReceived> Quotes(string prefix, int count, int symbols)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).AddMilliseconds(-50.0 * count);
        return Enumerable.Range(0, count)
            .Select(i => new QuoteReceived(
                new Quote($"{prefix}{i % symbols}", 100m + (i % 97), "USD", null, null, null, null, 1_000m + i, start.AddMilliseconds(50 * i), "failover-test"),
                "failover-stream",
                "shardId-000000000000",
                (1_000_000 + i).ToString(CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow))
            .ToList();
    }

    /// <summary>
    /// Publishes 40 quotes every 100 ms (~400/s) and, with each chunk, 4 earlier ones again (10 % duplicates, as
    /// redeliveries and the bridge's re-reads make them). <paramref name="published"/> counts the originals sent.
    /// </summary>
    public static async Task PublishAtLoadAsync(TestBus bus, IReadOnlyList<QuoteReceived> quotes, StrongBox<int> published)
    {
        var random = new Random(12);
        var sent = 0;
        foreach (var chunk in quotes.Chunk(40))
        {
            var again = Enumerable.Range(0, Math.Min(4, sent)).Select(_ => quotes[random.Next(sent)]);
            // A run as the bridge publishes it, then a few earlier quotes again in a run of their own (redeliveries).
            await bus.PublishQuotesAsync(chunk);
            if (again.ToList() is { Count: > 0 } repeated)
            {
                await bus.PublishQuotesAsync(repeated);
            }

            sent += chunk.Length;
            Volatile.Write(ref published.Value, sent);
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until every symbol's minute bars count its quotes, then checks its hour bars and latest item exactly.</summary>
    public static async Task AssertExactAsync(IAmazonDynamoDB dynamoDb, AwsResources resources, IReadOnlyList<QuoteReceived> quotes, Func<string> diagnostics)
    {
        var bySymbol = quotes.GroupBy(q => q.Quote.Symbol).ToDictionary(g => g.Key, g => g.ToList());
        try
        {
            await Eventually.HoldsAsync(
                async () => await BarCountsAsync(dynamoDb, resources.QuoteBarsTable, "#1m") is var counts
                    && bySymbol.All(s => counts.GetValueOrDefault(s.Key) == s.Value.Count),
                "every quote counted once in its 1-minute bar",
                TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}{Environment.NewLine}{diagnostics()}", ex);
        }
        var minutes = await BarCountsAsync(dynamoDb, resources.QuoteBarsTable, "#1m");
        Assert.Equal(bySymbol.ToDictionary(s => s.Key, s => s.Value.Count), minutes);
        var hours = await Eventually.ReturnsAsync(
            async () => await BarCountsAsync(dynamoDb, resources.QuoteBarsTable, "#1h") is var counts && counts.Count == bySymbol.Count ? counts : null,
            "every symbol's hour bars",
            TimeSpan.FromMinutes(1));
        Assert.Equal(bySymbol.ToDictionary(s => s.Key, s => s.Value.Count), hours);
        foreach (var (symbol, received) in bySymbol)
        {
            var newest = received.MaxBy(q => q.Quote.ObservedAt)!.Quote;
            var item = (await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = resources.QuotesLatestTable,
                Key = new() { ["symbol"] = new AttributeValue(symbol) },
                ConsistentRead = true,
            })).Item;
            Assert.Equal(newest.Price.ToString(CultureInfo.InvariantCulture), item["price"].N);
        }
    }

    /// <summary>The sum of <c>count</c> over each symbol's bars of one size (<c>#1m</c> or <c>#1h</c>).</summary>
    public static async Task<Dictionary<string, int>> BarCountsAsync(IAmazonDynamoDB dynamoDb, string table, string size)
    {
        var counts = new Dictionary<string, int>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true });
            foreach (var item in page.Items.Where(i => i["series"].S.EndsWith(size, StringComparison.Ordinal)))
            {
                var symbol = item["series"].S[..^size.Length];
                counts[symbol] = counts.GetValueOrDefault(symbol) + int.Parse(item["count"].N, CultureInfo.InvariantCulture);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return counts;
    }
}
