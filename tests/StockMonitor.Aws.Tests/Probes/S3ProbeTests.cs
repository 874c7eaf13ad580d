using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StockMonitor.Testing;

namespace StockMonitor.Aws.Tests.Probes;

/// <summary>The S3 readiness probe against s3rver, with objects under the probed prefix as a running service has them.</summary>
public class S3ProbeTests
{
    [Fact]
    public async Task When_several_objects_lie_under_the_prefix_then_the_bucket_probe_succeeds()
    {
        // Arrange: more than one object, so a one-key listing is truncated (s3rver fails a truncated version 2 listing).
        var infra = await TestInfrastructure.GetAsync();
        var resources = new AwsResources { LakeBucket = TestInfrastructure.UniqueName("probe") };
        await infra.S3.PutBucketAsync(new PutBucketRequest { BucketName = resources.LakeBucket });
        for (var i = 0; i < 3; i++)
        {
            await infra.S3.PutObjectAsync(new PutObjectRequest { BucketName = resources.LakeBucket, Key = $"quotes/object-{i}", ContentBody = "x", UseChunkEncoding = false });
        }

        await using var services = new ServiceCollection()
            .AddSingleton(infra.S3)
            .AddSingleton(Options.Create(resources))
            .BuildServiceProvider();
        var probe = AwsProbes.S3Bucket(r => r.LakeBucket, "quotes/");

        // Act
        var exception = await Record.ExceptionAsync(() => probe(services, CancellationToken.None));

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public async Task When_the_bucket_does_not_exist_then_the_bucket_probe_fails()
    {
        // Arrange
        var infra = await TestInfrastructure.GetAsync();
        var resources = new AwsResources { LakeBucket = TestInfrastructure.UniqueName("missing") };
        await using var services = new ServiceCollection()
            .AddSingleton(infra.S3)
            .AddSingleton(Options.Create(resources))
            .BuildServiceProvider();

        // Act / Assert
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => AwsProbes.S3Bucket(r => r.LakeBucket, "quotes/")(services, CancellationToken.None));
    }
}
