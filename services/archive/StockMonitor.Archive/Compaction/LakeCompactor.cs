using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StockMonitor.Archive.Lake;
using StockMonitor.Aws;
using StockMonitor.Lake;

namespace StockMonitor.Archive.Compaction;

/// <summary>
/// Merges a day partition's small objects into larger ones, without losing or duplicating a row, safe to re-run, to
/// crash anywhere and to run in several instances at once.
/// <para>
/// Objects are grouped by the hour of their write time (in their name). An hour is compacted once it ended
/// <see cref="ArchiveOptions.CompactAfter"/> ago, so no writer adds to it any more. Its small objects (under half of
/// <see cref="ArchiveOptions.CompactTargetBytes"/>), in name order, are cut into groups of about the target size; a
/// group's rows, less those the hour's compacted objects already hold, are written as one object named after the group
/// (<c>part-&lt;its newest member's time&gt;-compacted-&lt;hash of the member keys&gt;.parquet</c>), and only then
/// are the members deleted. Two compactors that list the same group write the same object; a compactor that crashed
/// between the write and the deletes finds the group's rows all held and only deletes. A member that disappears while
/// being read (another compactor finished first) leaves the hour for the next run.
/// </para>
/// <para>
/// Between an object's write and its members' deletion, a reader listing the partition sees those rows twice: the
/// lake's readers deduplicate by identity (<c>stream_name, shard_id, sequence_number</c>), see docs/architecture.md.
/// </para>
/// </summary>
public sealed partial class LakeCompactor(IAmazonS3 s3, IOptions<AwsResources> resources, IOptions<ArchiveOptions> options, TimeProvider time, ILogger<LakeCompactor>? logger = null)
{
    private const string CompactedMarker = "-compacted-";
    private const int HourTextLength = 11; // yyyyMMddTHH

    private readonly string bucket = resources.Value.LakeBucket;
    private readonly ArchiveOptions settings = options.Value;
    private readonly ILogger log = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Compacts the partitions of the last <see cref="ArchiveOptions.CompactDays"/> days; returns what it did.</summary>
    public async Task<CompactionResult> CompactRecentAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var total = CompactionResult.None;
        for (var day = today.AddDays(-settings.CompactDays); day <= today; day = day.AddDays(1))
        {
            total += await CompactAsync(day, cancellationToken);
        }

        return total;
    }

    /// <summary>Compacts one day partition's closed hours.</summary>
    public async Task<CompactionResult> CompactAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var prefix = LakeWriter.PartPrefix(day);
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange(page.S3Objects ?? []);
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        var closedBefore = LakeWriter.TimeText(time.GetUtcNow() - settings.CompactAfter)[..HourTextLength];
        var result = CompactionResult.None;
        foreach (var hour in objects
            .Where(o => o.Key.Length > prefix.Length + HourTextLength && o.Key.EndsWith(".parquet", StringComparison.Ordinal))
            .GroupBy(o => o.Key.Substring(prefix.Length, HourTextLength))
            .Where(h => string.CompareOrdinal(h.Key, closedBefore) < 0)
            .OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            try
            {
                result += await CompactHourAsync(day, hour.ToList(), cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                LogMemberGone(day, hour.Key, e.Message);
            }
        }

        return result;
    }

    private async Task<CompactionResult> CompactHourAsync(DateOnly day, List<S3Object> hour, CancellationToken cancellationToken)
    {
        var compacted = hour.Where(o => o.Key.Contains(CompactedMarker, StringComparison.Ordinal)).ToList();
        var small = hour
            .Where(o => !o.Key.Contains(CompactedMarker, StringComparison.Ordinal) && (o.Size ?? 0) < settings.CompactTargetBytes / 2)
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
        if (small.Count == 0 || (small.Count == 1 && compacted.Count == 0))
        {
            return CompactionResult.None;
        }

        var held = new HashSet<Guid>();
        foreach (var o in compacted)
        {
            held.UnionWith((await ReadAsync(o.Key, cancellationToken)).Select(Identity));
        }

        var result = CompactionResult.None;
        foreach (var group in Groups(small))
        {
            if (group.Count == 1 && held.Count == 0)
            {
                // Rewriting one object alone gains nothing.
                continue;
            }

            var rows = new List<QuoteRow>();
            foreach (var member in group)
            {
                rows.AddRange(await ReadAsync(member.Key, cancellationToken));
            }

            var fresh = rows
                .Where(r => !held.Contains(Identity(r)))
                .DistinctBy(Identity)
                .OrderBy(r => r.Symbol, StringComparer.Ordinal)
                .ThenBy(r => r.ObservedAt)
                .ThenBy(r => r.ShardId, StringComparer.Ordinal)
                .ThenBy(r => r.SequenceNumber, StringComparer.Ordinal)
                .ToList();
            string? written = null;
            if (fresh.Count > 0)
            {
                written = CompactedKey(day, group);
                await WriteAsync(written, fresh, cancellationToken);
                held.UnionWith(fresh.Select(Identity));
            }

            foreach (var member in group)
            {
                await s3.DeleteObjectAsync(bucket, member.Key, cancellationToken);
            }

            LogCompacted(group.Count, rows.Count, fresh.Count, written ?? "(none: all held already)");
            result += new CompactionResult(group.Count, written is null ? 0 : 1, fresh.Count);
        }

        return result;
    }

    /// <summary>Consecutive members up to about the target size each (deterministic for a given listing).</summary>
    private IEnumerable<List<S3Object>> Groups(List<S3Object> small)
    {
        var group = new List<S3Object>();
        long size = 0;
        foreach (var o in small)
        {
            if (group.Count > 0 && size + (o.Size ?? 0) > settings.CompactTargetBytes)
            {
                yield return group;
                (group, size) = ([], 0);
            }

            group.Add(o);
            size += o.Size ?? 0;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private static string CompactedKey(DateOnly day, List<S3Object> group)
    {
        var newest = group[^1].Key[LakeWriter.PartPrefix(day).Length..];
        var timeText = newest[..newest.IndexOf('-', StringComparison.Ordinal)];
        var members = string.Join('\n', group.Select(o => o.Key));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(members)))[..24];
        return string.Create(CultureInfo.InvariantCulture, $"{LakeWriter.PartPrefix(day)}{timeText}{CompactedMarker}{hash}.parquet");
    }

    private static Guid Identity(QuoteRow row) => LakeIndex.Identity(row.StreamName, row.ShardId, row.SequenceNumber);

    private Task<IList<QuoteRow>> ReadAsync(string key, CancellationToken cancellationToken) => QuoteRows.ReadAsync(s3, bucket, key, cancellationToken);

    // As the archive's own writes: the upload runs to its end, never cut off (s3rver would keep a partial object).
    private Task WriteAsync(string key, List<QuoteRow> rows, CancellationToken cancellationToken) =>
        LakeWriter.PutRowsAsync(s3, bucket, key, rows, TimeSpan.FromMinutes(5), time, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Members} lake objects ({Rows} rows, {Fresh} not held yet) into {Key}")]
    private partial void LogCompacted(int members, int rows, int fresh, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compaction of {Day} hour {Hour} left for the next run: an object went away while it was read ({Reason})")]
    private partial void LogMemberGone(DateOnly day, string hour, string reason);
}

/// <summary>What a compaction did: objects merged and deleted, objects written, rows written.</summary>
public readonly record struct CompactionResult(int Merged, int Written, int Rows)
{
    public static CompactionResult None => default;

    public static CompactionResult operator +(CompactionResult a, CompactionResult b) => new(a.Merged + b.Merged, a.Written + b.Written, a.Rows + b.Rows);

    public static CompactionResult Add(CompactionResult a, CompactionResult b) => a + b;
}
