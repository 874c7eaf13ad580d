using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StockMonitor.Kinesis;

namespace StockMonitor.Aws;

/// <summary>
/// The cheapest call that proves a service can use each AWS resource, for readiness checks: DescribeTable,
/// HeadBucket, DescribeStreamSummary. Each names its resource through <see cref="AwsResources"/>.
/// </summary>
public static class AwsProbes
{
    public static Func<IServiceProvider, CancellationToken, Task> DynamoDbTable(Func<AwsResources, string> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return (services, cancellationToken) => services.GetRequiredService<IAmazonDynamoDB>()
            .DescribeTableAsync(table(Resources(services)), cancellationToken);
    }

    public static Func<IServiceProvider, CancellationToken, Task> S3Bucket(Func<AwsResources, string> bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return (services, cancellationToken) => services.GetRequiredService<IAmazonS3>()
            .HeadBucketAsync(new HeadBucketRequest { BucketName = bucket(Resources(services)) }, cancellationToken);
    }

    public static Func<IServiceProvider, CancellationToken, Task> KinesisStream(Func<AwsResources, string> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return (services, cancellationToken) => services.GetRequiredService<KinesisClient>()
            .DescribeStreamSummaryAsync(stream(Resources(services)), cancellationToken);
    }

    private static AwsResources Resources(IServiceProvider services) => services.GetRequiredService<IOptions<AwsResources>>().Value;
}
