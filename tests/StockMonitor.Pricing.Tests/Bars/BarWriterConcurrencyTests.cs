using System.Globalization;
using Microsoft.Extensions.Options;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests.Bars;

/// <summary>
/// Writers racing on the same bar (two instances, two batches each, each followed by its roll-up) keep every tick:
/// the bar ends up the summary of the set of ticks received, whatever interleaving happened.
/// </summary>
public class BarWriterConcurrencyTests
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 27, 14, 51, 0, TimeSpan.Zero);

    [Fact]
    public async Task Racing_writers_and_roll_ups_keep_every_tick_of_a_bar()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var writers = Enumerable.Range(0, 2)
            .Select(_ => new BarWriter(new BarStore(StockMonitor.Aws.AwsClientFactory.CreateDynamoDb(infra.Aws), Options.Create(resources))))
            .ToList();
        var ticks = Enumerable.Range(0, 240).Select(i => Tick.From(Received(i))).ToList();

        // Each lane adds its ticks and rolls the minute up after every batch, as an instance does; the lanes race.
        await Task.WhenAll(ticks.Chunk(3).Select((chunk, i) => (chunk, i)).GroupBy(c => c.i % 4).Select(lane => Task.Run(async () =>
        {
            foreach (var (chunk, i) in lane)
            {
                var writer = writers[i % 2];
                await writer.AddTicksAsync(chunk.Select(t => ("JPM", t)), CancellationToken.None);
                await writer.RollUpAsync("JPM", [Minute], CancellationToken.None);
            }
        })));

        var store = new BarStore(infra.DynamoDb, Options.Create(resources));
        var stored = await store.TicksAsync("JPM", Minute, Minute.AddMinutes(1), CancellationToken.None);
        Assert.Equal(ticks.Select(t => t.Id).Order(), stored.Select(t => t.Id).Order());
        var bar = await store.GetAsync("JPM", BarInterval.Minute, Minute, CancellationToken.None);
        Assert.NotNull(bar);
        Assert.Equal(Segment.Of(ticks), bar.Segment);
        var hour = await store.GetAsync("JPM", BarInterval.Hour, BarInterval.Hour.BucketOf(Minute), CancellationToken.None);
        Assert.Equal(ticks.Count, hour!.Segment.Count);
    }

    private static QuoteReceived Received(int i)
    {
        var at = Minute.AddMilliseconds(i * 200);
        var quote = new Quote("JPM", 300m + (i % 7), "USD", null, null, null, 299m, 10_000m + (i * 10), at, "test");
        return new QuoteReceived(quote, "quotes", "shardId-000000000000", (5_000 + i).ToString(CultureInfo.InvariantCulture), at);
    }
}
