using Amazon.S3;
using Amazon.S3.Model;
using Parquet.Serialization;
using StockMonitor.Archive.Lake;
using StockMonitor.Lake;

namespace StockMonitor.Archive.Tests.Lake;

/// <summary>Reads what the lake holds back from S3, for assertions.</summary>
internal static class LakeObjects
{
    public static async Task<List<string>> KeysAsync(IAmazonS3 s3, string bucket, string prefix = QuotesTable.Prefix)
    {
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return response.S3Objects?.Select(o => o.Key).ToList() ?? [];
    }

    public static async Task<IList<QuoteRow>> RowsAsync(IAmazonS3 s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);
        body.Position = 0;
        return (await ParquetSerializer.DeserializeAsync<QuoteRow>(body)).Data;
    }
}
