using Amazon.S3;
using Amazon.S3.Model;
using Parquet.Serialization;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Lake;

namespace StockMonitor.Archive.Lake;

/// <summary>
/// Which quotes the lake already holds, by identity (their Kinesis coordinates), for the objects of a day partition
/// written in the last <see cref="ArchiveOptions.DedupWindow"/> — by this instance or any other. Before each write it
/// lists the objects written since it last looked (object names start with their write time, so a listing from a
/// recent name is short) and reads the identities of those it has not seen; after a restart that is how it learns
/// what a batch written just before a crash held.
/// An object that cannot be read as Parquet (an upload cut off in a store that keeps partial bodies, as s3rver does)
/// holds no quotes the lake can serve: once it is older than <see cref="UploadGrace"/> it is moved under
/// <see cref="QuarantinePrefix"/>, out of the table Athena reads, and its quotes count as not held, so their
/// redelivery writes them again. A younger one may still be uploading: the write fails and its batch is retried.
/// </summary>
internal sealed partial class LakeIndex(IAmazonS3 s3, string bucket, TimeSpan window, TimeProvider time, ILogger logger)
{
    public const string QuarantinePrefix = LakePrefixes.Quarantine;

    /// <summary>Objects of other instances may carry a write time this much behind ours and still be seen.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>How long an unreadable object may still be an upload in progress.</summary>
    private static readonly TimeSpan UploadGrace = TimeSpan.FromSeconds(15);

    private readonly Dictionary<DateOnly, Day> days = [];

    /// <summary>The identities of the quotes in <paramref name="day"/>'s recent objects, brought up to date with the bucket.</summary>
    public async Task<IReadOnlySet<Guid>> HeldAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Evict(now);
        var index = DayOf(day, now);

        var request = new ListObjectsV2Request
        {
            BucketName = bucket,
            Prefix = LakeWriter.PartPrefix(day),
            StartAfter = LakeWriter.PartPrefix(day) + LakeWriter.TimeText(index.ListedUpTo - ClockSkew),
        };
        var listedAt = now;
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var listed in page.S3Objects ?? [])
            {
                if (!index.Objects.ContainsKey(listed.Key) && listed.LastModified is { } modified && modified > now - window)
                {
                    index.Add(listed.Key, modified, await IdentitiesOrQuarantineAsync(listed.Key, modified, now, cancellationToken));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        index.ListedUpTo = listedAt;
        return index.Ids;
    }

    /// <summary>Notes an object this instance has just written.</summary>
    public void Add(DateOnly day, string key, IEnumerable<Guid> identities)
    {
        var now = time.GetUtcNow();
        DayOf(day, now).Add(key, now, identities.ToList());
    }

    public static Guid Identity(string streamName, string shardId, string sequenceNumber) => QuoteMessageId.For(streamName, shardId, sequenceNumber);

    private async Task<List<Guid>> IdentitiesOrQuarantineAsync(string key, DateTimeOffset modified, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        using (var response = await s3.GetObjectAsync(bucket, key, cancellationToken))
        {
            await response.ResponseStream.CopyToAsync(body, cancellationToken);
        }

        body.Position = 0;
        try
        {
            var rows = await ParquetSerializer.DeserializeAsync<QuoteRow>(body, cancellationToken: cancellationToken);
            return rows.Data.Select(r => Identity(r.StreamName, r.ShardId, r.SequenceNumber)).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (now - modified < UploadGrace)
            {
                throw new InvalidOperationException($"Lake object {key} cannot be read yet (written at {modified:O}; it may still be uploading)", e);
            }

            // Kept byte for byte (a copy made from what was read, which every S3 stand-in supports), then removed.
            body.Position = 0;
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = QuarantinePrefix + key, InputStream = body, UseChunkEncoding = false }, cancellationToken);
            await s3.DeleteObjectAsync(bucket, key, cancellationToken);
            LogQuarantined(key, QuarantinePrefix + key, e.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake object {Key} is not readable Parquet ({Reason}); moved to {QuarantineKey}, its quotes will be written again when redelivered")]
    private partial void LogQuarantined(string key, string quarantineKey, string reason);

    private Day DayOf(DateOnly day, DateTimeOffset now)
    {
        if (!days.TryGetValue(day, out var index))
        {
            days[day] = index = new Day(now - window);
        }

        return index;
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (day, index) in days.ToList())
        {
            index.RemoveWrittenBefore(now - window);
            if (index.Objects.Count == 0 && index.ListedUpTo < now - window)
            {
                days.Remove(day);
            }
        }
    }

    private sealed class Day(DateTimeOffset listedUpTo)
    {
        public DateTimeOffset ListedUpTo { get; set; } = listedUpTo;

        public Dictionary<string, (DateTimeOffset WrittenAt, List<Guid> Ids)> Objects { get; } = [];

        public HashSet<Guid> Ids { get; } = [];

        public void Add(string key, DateTimeOffset writtenAt, List<Guid> ids)
        {
            Objects[key] = (writtenAt, ids);
            Ids.UnionWith(ids);
        }

        public void RemoveWrittenBefore(DateTimeOffset instant)
        {
            var old = Objects.Where(o => o.Value.WrittenAt < instant).ToList();
            foreach (var (key, (_, ids)) in old)
            {
                Objects.Remove(key);
                Ids.ExceptWith(ids);
            }
        }
    }
}
