using Amazon.S3;
using Parquet.Serialization;

namespace StockMonitor.Lake;

/// <summary>Reads the rows of one lake object.</summary>
public static class QuoteRows
{
    /// <summary>The rows of the Parquet object <paramref name="key"/> (read whole: lake objects are seconds to an hour of quotes).</summary>
    public static async Task<IList<QuoteRow>> ReadAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s3);
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        body.Position = 0;
        return (await ParquetSerializer.DeserializeAsync<QuoteRow>(body, cancellationToken: cancellationToken).ConfigureAwait(false)).Data;
    }
}
