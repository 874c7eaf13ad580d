using System.Text.Json.Serialization;
using Amazon.S3;
using Amazon.S3.Model;
using Parquet.Serialization;

namespace StockMonitor.Testing;

/// <summary>Reads which quotes the lake holds: every row's Kinesis coordinates (<c>shard/sequence</c>), read through the S3 API.</summary>
public static class LakeIdentities
{
    /// <summary>One entry per row of every Parquet object under <c>quotes/</c> (a quote in the lake twice is listed twice).</summary>
    public static Task<List<string>> ReadAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken = default) =>
        ReadAsync<LakeRow, string>(s3, bucket, rows => rows.Select(r => $"{r.ShardId}/{r.SequenceNumber}"), cache: null, cancellationToken);

    /// <summary>
    /// What <paramref name="keys"/> makes of the rows (read as <typeparamref name="TRow"/>: only its columns) of every
    /// Parquet object under <c>quotes/</c>, object after object; with a <paramref name="cache"/> an object already read
    /// (same key and ETag) is not downloaded again.
    /// </summary>
    public static async Task<List<TKey>> ReadAsync<TRow, TKey>(
        IAmazonS3 s3, string bucket, Func<IEnumerable<TRow>, IEnumerable<TKey>> keys, IDictionary<string, List<TKey>>? cache = null, CancellationToken cancellationToken = default)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(keys);
        var rows = new List<TKey>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = "quotes/" };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var listed in page.S3Objects ?? [])
            {
                var id = $"{listed.Key}#{listed.ETag}";
                if (cache is null || !cache.TryGetValue(id, out var objectKeys))
                {
                    using var response = await s3.GetObjectAsync(bucket, listed.Key, cancellationToken);
                    using var body = new MemoryStream();
                    await response.ResponseStream.CopyToAsync(body, cancellationToken);
                    body.Position = 0;
                    var table = await ParquetSerializer.DeserializeAsync<TRow>(body, cancellationToken: cancellationToken);
                    objectKeys = keys(table.Data).ToList();
                    cache?.Add(id, objectKeys);
                }

                rows.AddRange(objectKeys);
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        return rows;
    }

    /// <summary>The two columns read (the archive's own row type is not referenced: tests read the lake as Athena would).</summary>
    private sealed class LakeRow
    {
        [Parquet.Serialization.Attributes.ParquetRequired]
        [JsonPropertyName("shard_id")]
        public string ShardId { get; set; } = "";

        [Parquet.Serialization.Attributes.ParquetRequired]
        [JsonPropertyName("sequence_number")]
        public string SequenceNumber { get; set; } = "";
    }
}
