using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Kinesis;

namespace StockMonitor.Bridge.DeadLetters;

/// <summary>
/// Keeps records that are not valid <c>quote.v1</c> in the lake bucket, one JSON object each, under
/// <c>dead-letter/quotes/dt=YYYY-MM-DD/&lt;shard&gt;/&lt;sequence number&gt;.json</c>: the raw bytes (base64), where the record
/// came from and why it was rejected. The key is the record's coordinates, so writing it again is harmless.
/// </summary>
public sealed class DeadLetterWriter(IAmazonS3 s3, IOptions<AwsResources> resources, TimeProvider time)
{
    public const string Prefix = LakePrefixes.DeadLetters;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    private readonly string bucket = resources.Value.LakeBucket;

    public async Task<string> WriteAsync(string streamName, string shardId, KinesisRecord record, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}dt={record.ApproximateArrivalTimestamp.UtcDateTime:yyyy-MM-dd}/{shardId}/{record.SequenceNumber}.json");
        var letter = new DeadLetter(
            streamName,
            shardId,
            record.SequenceNumber,
            record.PartitionKey,
            record.ApproximateArrivalTimestamp,
            reason,
            time.GetUtcNow(),
            Convert.ToBase64String(record.Data.Span));
        await s3.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                ContentBody = JsonSerializer.Serialize(letter, Json),
                ContentType = "application/json",
                // s3rver does not decode aws-chunked bodies and would store a corrupted object.
                UseChunkEncoding = false,
            },
            cancellationToken);
        return key;
    }
}
