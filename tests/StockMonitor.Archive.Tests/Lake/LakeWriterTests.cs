using Microsoft.Extensions.Options;
using StockMonitor.Archive.Lake;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;
using StockMonitor.Lake;

namespace StockMonitor.Archive.Tests.Lake;

public class LakeWriterTests
{
    private static readonly DateTimeOffset LateEvening = new(2026, 11, 27, 23, 59, 59, 500, TimeSpan.Zero);

    [Fact]
    public async Task WriteAsync_stores_parquet_per_day_partition_that_reads_back_exactly()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        using var writer = new LakeWriter(infra.S3, Options.Create(resources));
        var quotes = new[]
        {
            Received(new Quote("AAPL", 189.32m, "USD", 187.5m, 190.1m, 186.9m, 187.1m, 51234567m, LateEvening, "simulator"), "1"),
            Received(new Quote("AAPL", 189.4m, null, null, null, null, null, null, LateEvening.AddSeconds(1), "simulator"), "2"),
            Received(new Quote("BRK.B", 412.123456m, "USD", null, null, null, null, 10m, LateEvening.AddSeconds(2), "finnhub"), "3"),
        };

        var keys = await writer.WriteAsync(quotes, CancellationToken.None);

        Assert.Equal(2, keys.Count);
        Assert.StartsWith("quotes/dt=2026-11-27/part-", keys[0], StringComparison.Ordinal);
        Assert.StartsWith("quotes/dt=2026-11-28/part-", keys[1], StringComparison.Ordinal);
        Assert.All(keys, k => Assert.EndsWith(".parquet", k, StringComparison.Ordinal));
        var firstDay = Assert.Single(await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, keys[0]));
        Assert.Equal(("AAPL", 189.32m, "USD", 187.5m, 190.1m, 186.9m, 187.1m, 51234567m), (firstDay.Symbol, firstDay.Price, firstDay.Currency, firstDay.Open, firstDay.High, firstDay.Low, firstDay.PreviousClose, firstDay.Volume));
        Assert.Equal(LateEvening.UtcDateTime, firstDay.ObservedAt);
        Assert.Equal(("simulator", "shardId-000000000000", "1"), (firstDay.Source, firstDay.ShardId, firstDay.SequenceNumber));
        var secondDay = await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, keys[1]);
        Assert.Equal(["AAPL", "BRK.B"], secondDay.Select(r => r.Symbol));
        Assert.Equal([189.4m, 412.123456m], secondDay.Select(r => r.Price));
        Assert.Null(secondDay[0].Volume);
    }

    [Fact]
    public async Task WriteAsync_of_the_same_batch_again_writes_nothing()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        using var writer = new LakeWriter(infra.S3, Options.Create(resources));
        var quotes = Quotes(0, 10);

        var first = await writer.WriteAsync(quotes, CancellationToken.None);
        var again = await writer.WriteAsync(quotes.AsEnumerable().Reverse().ToList(), CancellationToken.None);

        Assert.Single(first);
        Assert.Empty(again);
        Assert.Equal(first, await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket));
        Assert.Equal(10, (await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, first[0])).Count);
    }

    [Fact]
    public async Task A_regrouped_redelivery_adds_only_the_quotes_the_lake_does_not_hold_even_from_another_instance_or_after_a_restart()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        using var before = new LakeWriter(infra.S3, Options.Create(resources));
        await before.WriteAsync(Quotes(0, 10), CancellationToken.None);

        // A new process (restarted, or the other replica) gets 5..14 again, 5..9 of them twice in the same batch.
        using var after = new LakeWriter(infra.S3, Options.Create(resources));
        var written = await after.WriteAsync([.. Quotes(5, 10), .. Quotes(5, 5)], CancellationToken.None);
        // And the first one, redelivered 12..19, adds only 15..19.
        var third = await before.WriteAsync(Quotes(12, 8), CancellationToken.None);

        var rows = new List<QuoteRow>();
        foreach (var key in await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket))
        {
            rows.AddRange(await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, key));
        }

        Assert.Equal(["10", "11", "12", "13", "14"], (await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, Assert.Single(written))).Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
        Assert.Equal(["15", "16", "17", "18", "19"], (await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, Assert.Single(third))).Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
        Assert.Equal(20, rows.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), rows.Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_object_is_moved_to_quarantine_and_its_quotes_are_written_again_once_it_cannot_be_an_upload_in_progress()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var day = DateOnly.FromDateTime(LateEvening.AddHours(-1).UtcDateTime);
        var cutOff = $"quotes/dt={day:yyyy-MM-dd}/part-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}-cut.parquet";
        await infra.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = resources.LakeBucket, Key = cutOff, ContentBody = string.Empty, UseChunkEncoding = false });
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var writer = new LakeWriter(infra.S3, Options.Create(resources), time: clock);

        var young = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(Quotes(0, 5), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(20));
        var written = await writer.WriteAsync(Quotes(0, 5), CancellationToken.None);

        Assert.Contains(cutOff, young.Message, StringComparison.Ordinal);
        var key = Assert.Single(written);
        Assert.Equal([key], await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket));
        Assert.Equal(["quarantine/" + cutOff], await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket, "quarantine/"));
        Assert.Equal(5, (await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, key)).Count);
    }

    private static List<QuoteReceived> Quotes(int from, int count) =>
        Enumerable.Range(from, count)
            .Select(i => Received(new Quote("MSFT", 400m + i, null, null, null, null, null, null, LateEvening.AddHours(-1).AddSeconds(i), "test"), i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static QuoteReceived Received(Quote quote, string sequence) => new(quote, "quotes", "shardId-000000000000", sequence, quote.ObservedAt.AddMilliseconds(20));
}
