using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Serialization;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Archive.Lake;

/// <summary>
/// Writes quotes to the lake bucket as Parquet, one object per day partition per batch:
/// <c>quotes/dt=YYYY-MM-DD/quotes-&lt;hash&gt;.parquet</c> (Hive-style, for Glue and Athena). The name is a hash
/// of the records it holds, so writing the same batch again replaces the object instead of duplicating it.
/// </summary>
public sealed class LakeWriter(IAmazonS3 s3, IOptions<AwsResources> resources)
{
    public const string QuotesPrefix = "quotes/";

    private static readonly ParquetOptions ParquetOptions = new() { CompressionMethod = CompressionMethod.Snappy };

    private readonly string bucket = resources.Value.LakeBucket;

    /// <summary>Writes <paramref name="quotes"/>; returns the keys of the objects written.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyCollection<QuoteReceived> quotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        var keys = new List<string>();
        foreach (var partition in quotes.GroupBy(q => DateOnly.FromDateTime(q.Quote.ObservedAt.UtcDateTime)).OrderBy(g => g.Key))
        {
            var rows = partition
                .OrderBy(q => q.Quote.Symbol, StringComparer.Ordinal)
                .ThenBy(q => q.Quote.ObservedAt)
                .Select(ToRow)
                .ToList();
            var key = ObjectKey(partition.Key, rows);

            using var body = new MemoryStream();
            await ParquetSerializer.SerializeAsync(rows, body, ParquetOptions, cancellationToken: cancellationToken);
            body.Position = 0;
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
                cancellationToken);
            keys.Add(key);
        }

        return keys;
    }

    private static string ObjectKey(DateOnly day, List<QuoteRow> rows)
    {
        var identity = new StringBuilder();
        foreach (var row in rows.OrderBy(r => r.ShardId, StringComparer.Ordinal).ThenBy(r => r.SequenceNumber, StringComparer.Ordinal))
        {
            identity.Append(row.StreamName).Append('/').Append(row.ShardId).Append('/').Append(row.SequenceNumber).Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())))[..24];
        return string.Create(CultureInfo.InvariantCulture, $"{QuotesPrefix}dt={day:yyyy-MM-dd}/quotes-{hash}.parquet");
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
