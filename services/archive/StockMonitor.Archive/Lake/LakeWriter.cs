using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Serialization;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Lake;

namespace StockMonitor.Archive.Lake;

/// <summary>
/// Writes quotes to the lake bucket as Parquet, one object per day partition per batch:
/// <c>quotes/dt=YYYY-MM-DD/part-&lt;written at&gt;-&lt;hash&gt;.parquet</c> (Hive-style, for Glue and Athena). A quote is one
/// row whatever the redelivery pattern: before writing, the quotes the lake already holds (see <see cref="LakeIndex"/>)
/// are left out, so a batch delivered again — whole, or regrouped with others after a crash or a broker restart —
/// adds only what is not there yet.
/// </summary>
public sealed class LakeWriter : IDisposable
{
    private static readonly ParquetOptions ParquetOptions = new() { CompressionMethod = CompressionMethod.Snappy };

    /// <summary>
    /// An upload, once started, runs to its end or this timeout, not to the batch's cancellation (a lost broker
    /// connection or a shutdown): a store that keeps partial bodies must not be left with a cut-off object.
    /// </summary>
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(1);

    private readonly IAmazonS3 s3;
    private readonly string bucket;
    private readonly TimeProvider time;
    private readonly LakeIndex index;
    private readonly ArchiveMetrics? metrics;
    private readonly SemaphoreSlim writing = new(1, 1);

    public LakeWriter(IAmazonS3 s3, IOptions<AwsResources> resources, IOptions<ArchiveOptions>? options = null, TimeProvider? time = null, ILogger<LakeWriter>? logger = null, ArchiveMetrics? metrics = null)
    {
        this.metrics = metrics;
        ArgumentNullException.ThrowIfNull(resources);
        this.s3 = s3;
        bucket = resources.Value.LakeBucket;
        this.time = time ?? TimeProvider.System;
        index = new LakeIndex(s3, bucket, (options?.Value ?? new ArchiveOptions()).DedupWindow, this.time, logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>Writes those of <paramref name="quotes"/> the lake does not hold yet; returns the keys of the objects written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyCollection<QuoteReceived> quotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        await writing.WaitAsync(cancellationToken);
        try
        {
            var keys = new List<string>();
            foreach (var partition in quotes.GroupBy(q => DateOnly.FromDateTime(q.Quote.ObservedAt.UtcDateTime)).OrderBy(g => g.Key))
            {
                var held = await index.HeldAsync(partition.Key, cancellationToken);
                var fresh = partition
                    .Select(q => (Quote: q, Id: LakeIndex.Identity(q.StreamName, q.ShardId, q.SequenceNumber)))
                    .DistinctBy(q => q.Id)
                    .Where(q => !held.Contains(q.Id))
                    .ToList();
                if (fresh.Count == 0)
                {
                    continue;
                }

                var rows = fresh
                    .Select(q => q.Quote)
                    .OrderBy(q => q.Quote.Symbol, StringComparer.Ordinal)
                    .ThenBy(q => q.Quote.ObservedAt)
                    .Select(ToRow)
                    .ToList();
                var key = ObjectKey(partition.Key, time.GetUtcNow(), rows);

                await PutRowsAsync(s3, bucket, key, rows, UploadTimeout, time, cancellationToken);
                index.Add(partition.Key, key, fresh.Select(q => q.Id));
                keys.Add(key);
                metrics?.ObjectWritten(rows.Count, fresh.Max(q => q.Quote.ArrivedAt), time.GetUtcNow());
            }

            return keys;
        }
        finally
        {
            writing.Release();
        }
    }

    public void Dispose() => writing.Dispose();

    /// <summary>
    /// Writes <paramref name="rows"/> as the Parquet object <paramref name="key"/>. <paramref name="cancellationToken"/>
    /// stops the serialization only: an upload, once started, runs to its end or <paramref name="uploadTimeout"/>.
    /// </summary>
    internal static async Task PutRowsAsync(IAmazonS3 s3, string bucket, string key, List<QuoteRow> rows, TimeSpan uploadTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, body, ParquetOptions, cancellationToken: cancellationToken);
        body.Position = 0;
        using var upload = new CancellationTokenSource(uploadTimeout, time);
        await s3.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = body,
                ContentType = "application/vnd.apache.parquet",
                // s3rver does not decode aws-chunked bodies and would store a corrupted object.
                UseChunkEncoding = false,
            },
            upload.Token);
    }

    /// <summary>Where a day's objects are: <c>quotes/dt=YYYY-MM-DD/part-</c>.</summary>
    internal static string PartPrefix(DateOnly day) => QuotesTable.PartitionPrefix(day) + "part-";

    /// <summary>An instant as object names carry it, so that names sort by write time: <c>20261205T080102123Z</c>.</summary>
    internal static string TimeText(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    private static string ObjectKey(DateOnly day, DateTimeOffset writtenAt, List<QuoteRow> rows)
    {
        var identity = new StringBuilder();
        foreach (var row in rows.OrderBy(r => r.ShardId, StringComparer.Ordinal).ThenBy(r => r.SequenceNumber, StringComparer.Ordinal))
        {
            identity.Append(row.StreamName).Append('/').Append(row.ShardId).Append('/').Append(row.SequenceNumber).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..24];
        return $"{PartPrefix(day)}{TimeText(writtenAt)}-{hash}.parquet";
    }

    private static QuoteRow ToRow(QuoteReceived received)
    {
        var q = received.Quote;
        return new QuoteRow
        {
            Symbol = q.Symbol,
            Price = Scale(q.Price),
            Currency = q.Currency,
            Open = Scale(q.Open),
            High = Scale(q.High),
            Low = Scale(q.Low),
            PreviousClose = Scale(q.PreviousClose),
            Volume = Scale(q.Volume),
            ObservedAt = q.ObservedAt.UtcDateTime,
            Source = q.Source,
            StreamName = received.StreamName,
            ShardId = received.ShardId,
            SequenceNumber = received.SequenceNumber,
            ArrivedAt = received.ArrivedAt.UtcDateTime,
        };
    }

    // The Parquet columns keep six decimal places.
    private static decimal Scale(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);

    private static decimal? Scale(decimal? value) => value is { } v ? Scale(v) : null;
}
