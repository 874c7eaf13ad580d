using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Quotes;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.Pricing.Tests.Quotes;

/// <summary>
/// The state after any number of pricing instances, redeliveries and shuffles equals the state after one
/// sequential pass: 10,000 quotes fed in order to one instance, and shuffled with 10 % duplicates to two
/// instances sharing a queue, must leave identical latest-quote and bar tables.
/// </summary>
public class OrderSafetyTests(ITestOutputHelper output)
{
    private const int QuoteCount = 10_000;
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "TSLA", "BRK.B", "JPM"];

    // 14:45–15:15 UTC on a Friday (09:45–10:15 in New York): the quotes cross an hour boundary.
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 45, 0, TimeSpan.Zero);

    [Fact]
    public async Task Quotes_in_order_and_shuffled_with_duplicates_through_two_instances_leave_identical_tables()
    {
        var infra = await TestInfrastructure.GetAsync();
        var quotes = Generate();
        var random = new Random(7);
        var shuffled = quotes.Concat(quotes.OrderBy(_ => random.Next()).Take(QuoteCount / 10)).OrderBy(_ => random.Next()).ToList();

        var inOrder = await RunAsync(infra, quotes, instances: 1);
        var mixedUp = await RunAsync(infra, shuffled, instances: 2);

        output.WriteLine($"latest: {inOrder.Latest.Count} items, bars: {inOrder.Bars.Count} items");
        Assert.Equal(Symbols.Length, inOrder.Latest.Count);
        // Per symbol: a 1-minute bar for every minute the quotes span, and a bar for each of the hours they touch.
        var minutes = quotes.Select(q => q.Quote.ObservedAt).Distinct().Select(t => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero)).Distinct().Count();
        var hours = quotes.Select(q => q.Quote.ObservedAt.Hour).Distinct().Count();
        Assert.Equal(Symbols.Length * (minutes + hours), inOrder.Bars.Count);
        Assert.True(inOrder.Latest.SequenceEqual(mixedUp.Latest), "latest tables differ:\n" + TableSnapshot.Differences(inOrder.Latest, mixedUp.Latest));
        Assert.True(inOrder.Bars.SequenceEqual(mixedUp.Bars), "bar tables differ:\n" + TableSnapshot.Differences(inOrder.Bars, mixedUp.Bars));
    }

    private static async Task<(SortedDictionary<string, string> Latest, SortedDictionary<string, string> Bars)> RunAsync(
        TestInfrastructure infra, List<QuoteReceived> feed, int instances)
    {
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("os");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        var hosts = Enumerable.Range(0, instances).Select(_ => Host(infra, resources, prefix)).ToList();
        try
        {
            foreach (var host in hosts)
            {
                host.CreateClient().Dispose(); // starts it; it waits until its queue is bound
            }

            // In runs, as the bridge publishes them (here in the feed's mixed-up order, duplicates included).
            foreach (var run in feed.Chunk(25))
            {
                await bus.PublishQuotesAsync(run);
            }

            var expected = feed.DistinctBy(q => q.SequenceNumber).GroupBy(q => q.Quote.Symbol).ToDictionary(g => g.Key, g => g.Count());
            var store = new LatestQuoteStore(infra.DynamoDb, Microsoft.Extensions.Options.Options.Create(resources));
            await Eventually.HoldsAsync(
                async () =>
                {
                    var latest = await store.GetAllAsync(CancellationToken.None);
                    return latest.Count == expected.Count
                        && latest.All(q => q.StatsQuoteCount == expected[q.Symbol])
                        && hosts.All(h => h.Services.GetRequiredService<QuoteRecorder>().IsIdle);
                },
                $"statistics over every quote ({instances} instance(s))",
                TimeSpan.FromMinutes(8));

            // The latest table also holds the pricing lease (#owner): which instance held it is not part of the state.
            var latest = await TableSnapshot.ReadAsync(infra.DynamoDb, resources.QuotesLatestTable, ["symbol"]);
            latest.Remove(Ownership.PricingLease.ItemKey);
            return (
                latest,
                await TableSnapshot.ReadAsync(infra.DynamoDb, resources.QuoteBarsTable, ["series", "bucket"], "version"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static WebApplicationFactory<Program> Host(TestInfrastructure infra, AwsResources resources, string prefix) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, prefix))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:StockMonitor.Pricing.Quotes.QuoteRecorder", "Debug");
        });

    /// <summary>A random walk per symbol over 30 minutes, with cumulative volumes (some quotes without one).</summary>
    private static List<QuoteReceived> Generate()
    {
        var random = new Random(2026);
        var prices = Symbols.ToDictionary(s => s, _ => 100m + random.Next(0, 400));
        var volumes = Symbols.ToDictionary(s => s, _ => (decimal)random.Next(10_000, 50_000));
        var quotes = new List<QuoteReceived>(QuoteCount);
        for (var i = 0; i < QuoteCount; i++)
        {
            var symbol = Symbols[i % Symbols.Length];
            var observedAt = Start.AddMilliseconds(i * 180.0); // 10,000 × 180 ms = 30 minutes
            prices[symbol] = Math.Max(1m, Math.Round(prices[symbol] * (1m + ((decimal)random.NextDouble() - 0.5m) / 200m), 2));
            volumes[symbol] += random.Next(0, 500);
            decimal? volume = i % 17 == 0 ? null : volumes[symbol];
            var quote = new Quote(symbol, prices[symbol], "USD", null, null, null, 100m, volume, observedAt, "test");
            quotes.Add(new QuoteReceived(quote, "quotes", "shardId-000000000000", (1_000_000 + i).ToString(CultureInfo.InvariantCulture), observedAt));
        }

        return quotes;
    }
}
