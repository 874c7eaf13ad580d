using System.Globalization;
using Microsoft.Extensions.Options;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Quotes;
using StockMonitor.Pricing.Storage;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests.Quotes;

/// <summary>
/// The book's items are a function of the set of ticks, whoever held the book: an owner that writes part of the
/// quotes, then the latest item of more without their bars, and is replaced mid-minute by a fresh book (a takeover: state
/// read back from the tables), which then receives overlapping, redelivered and late quotes, leaves the bars of all
/// the ticks, each counted once.
/// </summary>
public class PriceBookTests
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 27, 14, 51, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_successor_book_with_redelivered_and_late_quotes_leaves_the_bars_of_every_tick_once()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = Options.Create(await infra.CreateResourcesAsync(shards: 1));
        var bars = new BarStore(infra.DynamoDb, resources);
        PriceBook NewBook() => new(bars, new LatestQuoteStore(infra.DynamoDb, resources), new TableWriter(infra.DynamoDb, resources), TimeProvider.System);
        var received = Enumerable.Range(0, 400).Select(Received).ToList();

        var first = NewBook();
        await first.ApplyAsync(received[..150], CancellationToken.None);
        await first.WriteAsync(withBars: true, CancellationToken.None);
        // Latest item written, bars (and their ticks) not yet: the owner "dies" here; their messages come again.
        await first.ApplyAsync(received[150..200], CancellationToken.None);
        await first.WriteAsync(withBars: false, CancellationToken.None);

        var successor = NewBook();
        var late = received[100..120]; // already written, and observed earlier than what follows
        var redelivered = received[150..260].Concat(late).Concat(received[260..]).Reverse().ToList();
        var chunks = redelivered.Chunk(37).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            await successor.ApplyAsync(chunks[i], CancellationToken.None);
            await successor.WriteAsync(withBars: i % 2 == 1 || i == chunks.Count - 1, CancellationToken.None);
        }

        var ticks = received.Select(Tick.From).ToList();
        var stored = (await bars.TicksAsync("JPM", Minute, CancellationToken.None)).Concat(await bars.TicksAsync("JPM", Minute.AddMinutes(1), CancellationToken.None));
        Assert.Equal(ticks.Select(t => t.Id).Order(), stored.Select(t => t.Id).Order());
        var firstMinute = await bars.GetAsync("JPM", BarInterval.Minute, Minute, CancellationToken.None);
        var secondMinute = await bars.GetAsync("JPM", BarInterval.Minute, Minute.AddMinutes(1), CancellationToken.None);
        Assert.Equal(Segment.Of(ticks.Where(t => t.ObservedAt < Minute.AddMinutes(1))), firstMinute!.Segment);
        Assert.Equal(Segment.Of(ticks.Where(t => t.ObservedAt >= Minute.AddMinutes(1))), secondMinute!.Segment);
        // The second minute's volume starts from the first minute's last volume point.
        Assert.Equal(firstMinute.Segment.LastVolume!.OrderKey, secondMinute.CrossFrom);
        Assert.Equal(secondMinute.Segment.FirstVolume!.Volume - firstMinute.Segment.LastVolume.Volume, secondMinute.CrossIn);
        var hour = await bars.GetAsync("JPM", BarInterval.Hour, BarInterval.Hour.BucketOf(Minute), CancellationToken.None);
        Assert.Equal(Segment.Of(ticks), hour!.Segment);
    }

    [Fact]
    public async Task A_fresh_book_finds_the_reference_prices_of_a_new_days_returns_in_the_stored_days_before_it()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = Options.Create(await infra.CreateResourcesAsync(shards: 1));
        var latest = new LatestQuoteStore(infra.DynamoDb, resources);
        PriceBook NewBook() => new(new BarStore(infra.DynamoDb, resources), latest, new TableWriter(infra.DynamoDb, resources), TimeProvider.System);
        // Friday 2026-11-27 closes at 100.00 (15:59:50 New York); the next quote comes on Monday at 09:30:10, 102.50.
        var friday = new DateTimeOffset(2026, 11, 27, 20, 59, 50, TimeSpan.Zero);
        var monday = new DateTimeOffset(2026, 11, 30, 14, 30, 10, TimeSpan.Zero);
        var first = NewBook();
        await first.ApplyAsync([At(friday.AddMinutes(-5), 99.00m, 1), At(friday, 100.00m, 2)], CancellationToken.None);
        await first.WriteAsync(withBars: true, CancellationToken.None);

        // Another instance (or a restart) knows nothing of the symbol in memory: it reads the days before Monday.
        var successor = NewBook();
        await successor.ApplyAsync([At(monday, 102.50m, 3)], CancellationToken.None);
        await successor.WriteAsync(withBars: true, CancellationToken.None);

        var stored = await latest.GetAsync("JPM", CancellationToken.None);
        // Every window reaches back over the weekend to Friday's last price: 102.50 / 100.00 − 1 = 0.025.
        Assert.Equal((102.50m, 0.025m, 0.025m, 0.025m, 0.025m), (stored!.Price, stored.Return1m, stored.Return5m, stored.Return15m, stored.Return1h));
        Assert.Equal(("2026-11-30", 1, 102.50m), (stored.StatsDay, stored.StatsQuoteCount, stored.DayOpen));
    }

    private static QuoteReceived At(DateTimeOffset at, decimal price, int sequence) =>
        new(new Quote("JPM", price, "USD", null, null, null, 99m, 10_000m + sequence, at, "test"), "quotes", "shardId-000000000000", sequence.ToString(CultureInfo.InvariantCulture), at);

    private static QuoteReceived Received(int i)
    {
        var at = Minute.AddMilliseconds(i * 250); // 400 × 250 ms: two minutes
        var quote = new Quote("JPM", 300m + (i % 7), "USD", null, null, null, 299m, 10_000m + (i * 10), at, "test");
        return new QuoteReceived(quote, "quotes", "shardId-000000000000", (5_000 + i).ToString(CultureInfo.InvariantCulture), at);
    }
}
