using Amazon.S3;
using Amazon.S3.Model;
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

    public static Task<IList<QuoteRow>> RowsAsync(IAmazonS3 s3, string bucket, string key) => QuoteRows.ReadAsync(s3, bucket, key);
}
