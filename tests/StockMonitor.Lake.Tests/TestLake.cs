using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Parquet.Serialization;
using StockMonitor.Testing;

namespace StockMonitor.Lake.Tests;

/// <summary>A bucket of its own on the test stack's S3, filled with Parquet objects as the archive writes them, and a <see cref="LakeSql"/> over it.</summary>
internal sealed class TestLake
{
    private TestLake(IAmazonS3 s3, string bucket)
    {
        S3 = s3;
        Bucket = bucket;
        CacheDirectory = Path.Combine(Path.GetTempPath(), TestInfrastructure.UniqueName("lake-cache"));
        Sql = new LakeSql(s3, bucket, CacheDirectory);
    }

    public IAmazonS3 S3 { get; }

    public string Bucket { get; }

    public string CacheDirectory { get; }

    public LakeSql Sql { get; }

    public static async Task<TestLake> CreateAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        return new TestLake(infra.S3, resources.LakeBucket);
    }

    /// <summary>Writes one Parquet object under <c>quotes/dt=…/</c>; returns its key.</summary>
    public async Task<string> PutAsync(string day, IReadOnlyList<QuoteRow> rows, string? name = null)
    {
        var key = $"{QuotesTable.PartitionPrefix(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture))}{name ?? $"part-{Guid.NewGuid():N}.parquet"}";
        await PutRawAsync(key, rows);
        return key;
    }

    public async Task PutRawAsync(string key, IReadOnlyList<QuoteRow> rows)
    {
        using var body = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, body);
        body.Position = 0;
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, UseChunkEncoding = false });
    }

    public Task<LakeQueryResult> QueryAsync(string sql, IProgress<LakeReadProgress>? progress = null) => Sql.QueryAsync(sql, progress, CancellationToken.None);

    public static List<QuoteRow> Rows(string day, int count, string symbol = "AAPL", decimal firstPrice = 100m)
    {
        var start = DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal).AddHours(14);
        return [.. Enumerable.Range(0, count).Select(i => new QuoteRow
        {
            Symbol = symbol,
            Price = firstPrice + (i * 0.01m),
            Currency = "USD",
            Volume = 1000 + i,
            ObservedAt = start.AddSeconds(i),
            Source = "simulator",
            StreamName = "stockmonitor-quotes",
            ShardId = "shardId-000000000000",
            SequenceNumber = $"{day}-{symbol}-{i}",
            ArrivedAt = start.AddSeconds(i).AddMilliseconds(5),
        })];
    }
}

/// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them later, on the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<LakeReadProgress>
{
    public ConcurrentQueue<LakeReadProgress> Reports { get; } = new();

    public void Report(LakeReadProgress value) => Reports.Enqueue(value);
}
