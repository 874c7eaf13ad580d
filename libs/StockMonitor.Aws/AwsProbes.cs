using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StockMonitor.Kinesis;

namespace StockMonitor.Aws;

/// <summary>
/// The cheapest call that proves a service can use each AWS resource, for readiness checks: DescribeTable,
/// a one-key listing under the service's own prefix of a bucket, DescribeStreamSummary. Each names its resource through
/// <see cref="AwsResources"/>.
/// </summary>
public static class AwsProbes
{
    public static Func<IServiceProvider, CancellationToken, Task> DynamoDbTable(Func<AwsResources, string> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return (services, cancellationToken) => services.GetRequiredService<IAmazonDynamoDB>()
            .DescribeTableAsync(table(Resources(services)), cancellationToken);
    }

    /// <summary>
    /// Lists at most one key under <paramref name="prefix"/>, not HeadBucket: HeadBucket needs <c>s3:ListBucket</c> on the whole
    /// bucket, while this works with a role whose listing is limited to its own prefix (an <c>s3:prefix</c> condition).
    /// The version 1 listing (same permission): s3rver answers a truncated version 2 listing with InternalError, so with
    /// one object or more under the prefix the probe failed locally while the service was fine.
    /// </summary>
    public static Func<IServiceProvider, CancellationToken, Task> S3Bucket(Func<AwsResources, string> bucket, string prefix)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return (services, cancellationToken) => services.GetRequiredService<IAmazonS3>()
            .ListObjectsAsync(new ListObjectsRequest { BucketName = bucket(Resources(services)), Prefix = prefix, MaxKeys = 1 }, cancellationToken);
    }

    public static Func<IServiceProvider, CancellationToken, Task> KinesisStream(Func<AwsResources, string> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return (services, cancellationToken) => services.GetRequiredService<KinesisClient>()
            .DescribeStreamSummaryAsync(stream(Resources(services)), cancellationToken);
    }

    private static AwsResources Resources(IServiceProvider services) => services.GetRequiredService<IOptions<AwsResources>>().Value;
}
