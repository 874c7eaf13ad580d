using System.Text.Json.Serialization;
using Amazon.S3;
using Amazon.S3.Model;
using Parquet.Serialization;

namespace StockMonitor.Testing;

/// <summary>Reads which quotes the lake holds: every row's Kinesis coordinates (<c>shard/sequence</c>), read through the S3 API.</summary>
public static class LakeIdentities
{
    /// <summary>One entry per row of every Parquet object under <c>quotes/</c> (a quote in the lake twice is listed twice).</summary>
    public static async Task<List<string>> ReadAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var rows = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = "quotes/" };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var listed in page.S3Objects ?? [])
            {
                using var response = await s3.GetObjectAsync(bucket, listed.Key, cancellationToken);
                using var body = new MemoryStream();
                await response.ResponseStream.CopyToAsync(body, cancellationToken);
                body.Position = 0;
                var table = await ParquetSerializer.DeserializeAsync<LakeRow>(body, cancellationToken: cancellationToken);
                rows.AddRange(table.Data.Select(r => $"{r.ShardId}/{r.SequenceNumber}"));
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
