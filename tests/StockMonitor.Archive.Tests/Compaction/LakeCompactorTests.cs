using System.Globalization;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Archive.Compaction;
using StockMonitor.Archive.Lake;
using StockMonitor.Archive.Tests.Lake;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Lake;
using StockMonitor.Testing;

namespace StockMonitor.Archive.Tests.Compaction;

public class LakeCompactorTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public async Task A_closed_hours_small_objects_become_one_object_with_every_row_once_and_the_open_hour_is_left_alone()
    {
        var (infra, resources, clock, hour) = await SetUpAsync();
        await WriteAsync(infra, resources, clock, hour.AddMinutes(10), Quotes(0, 10));
        await WriteAsync(infra, resources, clock, hour.AddMinutes(20), Quotes(10, 10));
        await WriteAsync(infra, resources, clock, hour.AddMinutes(55), [.. Quotes(20, 10), .. Quotes(5, 3)]);
        await WriteAsync(infra, resources, clock, hour.AddMinutes(65), Quotes(30, 10));
        var before = await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket);
        clock.SetUtcNow(hour.AddMinutes(72));

        var result = await Compactor(infra, resources, clock).CompactAsync(Day, CancellationToken.None);

        var after = await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket);
        Assert.Equal(4, before.Count);
        Assert.Equal(new CompactionResult(3, 1, 30), result);
        Assert.Equal(2, after.Count);
        Assert.Contains(before[3], after);
        var compacted = Assert.Single(after, k => k.Contains("-compacted-", StringComparison.Ordinal));
        Assert.StartsWith(QuotesTable.PartitionPrefix(Day) + "part-" + hour.AddMinutes(55).UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-compacted-", compacted, StringComparison.Ordinal);
        Assert.Equal(Sequences(0, 30), (await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, compacted)).Select(r => r.SequenceNumber).Order(StringComparer.Ordinal));
        Assert.Equal(Sequences(0, 40), await AllSequencesAsync(infra, resources));
        Assert.Equal(40L, await CountThroughSqlAsync(infra, resources));

        // The archive still knows what the lake holds: a redelivery of compacted quotes writes nothing.
        using var restarted = new LakeWriter(infra.S3, Options.Create(resources), time: clock);
        Assert.Empty(await restarted.WriteAsync(Quotes(0, 30), CancellationToken.None));
    }

    [Fact]
    public async Task A_compactor_that_crashed_between_writing_and_deleting_only_deletes_on_the_next_run()
    {
        var (infra, resources, clock, hour) = await SetUpAsync();
        await WriteAsync(infra, resources, clock, hour.AddMinutes(10), Quotes(0, 10));
        await WriteAsync(infra, resources, clock, hour.AddMinutes(30), Quotes(10, 10));
        var members = new Dictionary<string, byte[]>();
        foreach (var key in await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket))
        {
            members[key] = await BytesAsync(infra, resources, key);
        }

        clock.SetUtcNow(hour.AddMinutes(75));
        await Compactor(infra, resources, clock).CompactAsync(Day, CancellationToken.None);
        var compacted = Assert.Single(await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket));
        // The crash: the merged object was written, the members were not deleted yet.
        foreach (var (key, bytes) in members)
        {
            await infra.S3.PutObjectAsync(new PutObjectRequest { BucketName = resources.LakeBucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
        }

        // What SQL readers see in that state: every quote once.
        Assert.Equal(20L, await CountThroughSqlAsync(infra, resources));

        var again = await Compactor(infra, resources, clock).CompactAsync(Day, CancellationToken.None);

        Assert.Equal(new CompactionResult(2, 0, 0), again);
        Assert.Equal([compacted], await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket));
        Assert.Equal(Sequences(0, 20), await AllSequencesAsync(infra, resources));
    }

    [Fact]
    public async Task Two_compactors_at_once_leave_one_object_with_every_row_once()
    {
        var (infra, resources, clock, hour) = await SetUpAsync();
        for (var i = 0; i < 6; i++)
        {
            await WriteAsync(infra, resources, clock, hour.AddMinutes(5 + (i * 8)), Quotes(i * 10, 10));
        }

        clock.SetUtcNow(hour.AddMinutes(80));

        await Task.WhenAll(
            Compactor(infra, resources, clock).CompactAsync(Day, CancellationToken.None),
            Compactor(infra, resources, clock).CompactAsync(Day, CancellationToken.None));
        // One of them may have found a member gone and left the hour to its next run.
        await Compactor(infra, resources, clock).CompactAsync(Day, CancellationToken.None);

        var keys = await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket);
        Assert.Single(keys);
        Assert.Equal(Sequences(0, 60), await AllSequencesAsync(infra, resources));
    }

    [Fact]
    public async Task Objects_of_at_least_half_the_target_size_are_left_alone_and_groups_stay_near_the_target()
    {
        var (infra, resources, clock, hour) = await SetUpAsync();
        for (var i = 0; i < 4; i++)
        {
            await WriteAsync(infra, resources, clock, hour.AddMinutes(5 + (i * 10)), Quotes(i * 10, 10));
        }

        var sizes = new List<long>();
        foreach (var key in await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket))
        {
            sizes.Add((await BytesAsync(infra, resources, key)).LongLength);
        }

        clock.SetUtcNow(hour.AddMinutes(80));
        // A target that fits two members per group.
        var target = (sizes.Max() * 2) + 2;

        var result = await Compactor(infra, resources, clock, target).CompactAsync(Day, CancellationToken.None);

        Assert.Equal(new CompactionResult(4, 2, 40), result);
        Assert.Equal(Sequences(0, 40), await AllSequencesAsync(infra, resources));
    }

    private static async Task<(TestInfrastructure Infra, AwsResources Resources, FakeTimeProvider Clock, DateTimeOffset Hour)> SetUpAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        // Write times an hour before the real clock's hour: s3rver stamps objects with the real time, and the archive only
        // consults objects written within its dedup window of its own clock.
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        return (infra, resources, new FakeTimeProvider(hour), hour);
    }

    private static async Task<long> CountThroughSqlAsync(TestInfrastructure infra, AwsResources resources)
    {
        var cache = Path.Combine(Path.GetTempPath(), TestInfrastructure.UniqueName("lake-cache"));
        try
        {
            var result = await new LakeSql(infra.S3, resources.LakeBucket, cache).QueryAsync($"SELECT count(*) FROM quotes WHERE dt = '{Day:yyyy-MM-dd}'", null, CancellationToken.None);
            return Convert.ToInt64(result.Rows.Single()[0], CultureInfo.InvariantCulture);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static LakeCompactor Compactor(TestInfrastructure infra, AwsResources resources, TimeProvider clock, long? target = null) =>
        new(infra.S3, Options.Create(resources), Options.Create(new ArchiveOptions { CompactTargetBytes = target ?? new ArchiveOptions().CompactTargetBytes }), clock);

    private static async Task WriteAsync(TestInfrastructure infra, AwsResources resources, FakeTimeProvider clock, DateTimeOffset at, List<QuoteReceived> quotes)
    {
        clock.SetUtcNow(at);
        using var writer = new LakeWriter(infra.S3, Options.Create(resources), time: clock);
        await writer.WriteAsync(quotes, CancellationToken.None);
    }

    private static async Task<byte[]> BytesAsync(TestInfrastructure infra, AwsResources resources, string key)
    {
        using var response = await infra.S3.GetObjectAsync(resources.LakeBucket, key);
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);
        return body.ToArray();
    }

    private static async Task<List<string>> AllSequencesAsync(TestInfrastructure infra, AwsResources resources)
    {
        var sequences = new List<string>();
        foreach (var key in await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket))
        {
            sequences.AddRange((await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, key)).Select(r => r.SequenceNumber));
        }

        return sequences.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Sequences(int from, int count) =>
        Enumerable.Range(from, count).Select(i => (1000 + i).ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();

    private static List<QuoteReceived> Quotes(int from, int count) =>
        Enumerable.Range(from, count)
            .Select(i => new QuoteReceived(
                new Quote($"C{i % 3}", 100m + i, "USD", null, null, null, null, null, new DateTimeOffset(Day, new TimeOnly(10, 0), TimeSpan.Zero).AddSeconds(i), "test"),
                "quotes",
                "shardId-000000000000",
                (1000 + i).ToString(CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow))
            .ToList();
}
