using Amazon.CDK.Assertions;
using StockMonitor.Aws;
using StockMonitor.Lake;

namespace StockMonitor.Infra.Tests;

public class DataStackTests(AppTemplates app) : IClassFixture<AppTemplates>
{
    private static readonly string[] PublicAccessBlocks = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"];

    private readonly Template template = app.Data;

    [Fact]
    public void Every_table_has_the_keys_ttl_recovery_and_billing_of_its_TableDefinition()
    {
        // Arrange
        var names = new AwsResources();

        // Act / Assert
        template.ResourceCountIs("AWS::DynamoDB::Table", TableDefinitions.All.Count);
        foreach (var table in TableDefinitions.All)
        {
            var keys = new List<object> { Props(new() { ["AttributeName"] = table.HashKey, ["KeyType"] = "HASH" }) };
            var attributes = new List<object> { Props(new() { ["AttributeName"] = table.HashKey, ["AttributeType"] = "S" }) };
            if (table.RangeKey is { } range)
            {
                keys.Add(Props(new() { ["AttributeName"] = range, ["KeyType"] = "RANGE" }));
                attributes.Add(Props(new() { ["AttributeName"] = range, ["AttributeType"] = "S" }));
            }

            template.HasResourceProperties("AWS::DynamoDB::Table", Props(new()
            {
                ["TableName"] = table.Name(names),
                ["KeySchema"] = Match.ArrayEquals([.. keys]),
                ["AttributeDefinitions"] = Match.ArrayEquals([.. attributes]),
                ["BillingMode"] = TableDefinition.BillingMode.Value,
                ["PointInTimeRecoverySpecification"] = Props(new() { ["PointInTimeRecoveryEnabled"] = table.PointInTimeRecovery }),
                ["TimeToLiveSpecification"] = table.TimeToLiveAttribute is { } ttl
                    ? Props(new() { ["AttributeName"] = ttl, ["Enabled"] = true })
                    : Match.Absent(),
                ["SSESpecification"] = Props(new() { ["SSEEnabled"] = true }),
            }));
        }
    }

    [Fact]
    public void Tables_and_the_lake_bucket_are_kept_when_the_stack_is_deleted()
    {
        // Act
        var tables = template.FindResources("AWS::DynamoDB::Table");
        var buckets = template.FindResources("AWS::S3::Bucket");

        // Assert
        Assert.All(tables.Values.Concat(buckets.Values), r => Assert.Equal("Retain", ((IDictionary<string, object>)r)["DeletionPolicy"]));
    }

    [Fact]
    public void The_quote_stream_has_the_configured_name_shards_retention_and_KMS_encryption()
    {
        // Arrange
        var names = new AwsResources();

        // Act / Assert
        template.ResourceCountIs("AWS::Kinesis::Stream", 1);
        template.HasResourceProperties("AWS::Kinesis::Stream", Props(new()
        {
            ["Name"] = names.QuoteStream,
            ["ShardCount"] = names.QuoteStreamShards,
            ["RetentionPeriodHours"] = DataStack.QuoteStreamRetention.ToHours(),
            ["StreamEncryption"] = Props(new() { ["EncryptionType"] = "KMS", ["KeyId"] = "alias/aws/kinesis" }),
        }));
    }

    [Fact]
    public void The_lake_bucket_is_the_context_bucket_unversioned_aging_quotes_and_expiring_what_is_set_aside()
    {
        // Act / Assert
        template.HasResourceProperties("AWS::S3::Bucket", Props(new()
        {
            ["BucketName"] = InfraContext.DefaultLakeBucket,
            ["VersioningConfiguration"] = Match.Absent(),
            ["LifecycleConfiguration"] = Props(new()
            {
                ["Rules"] = Match.ArrayWith(
                [
                    Props(new()
                    {
                        ["Prefix"] = QuotesTable.Prefix,
                        ["Transitions"] = Match.ArrayEquals(
                        [
                            Props(new() { ["StorageClass"] = "STANDARD_IA", ["TransitionInDays"] = 30 }),
                            Props(new() { ["StorageClass"] = "GLACIER_IR", ["TransitionInDays"] = 180 }),
                        ]),
                        ["ExpirationInDays"] = Match.Absent(),
                    }),
                    Props(new() { ["Prefix"] = LakePrefixes.DeadLetters, ["ExpirationInDays"] = 90 }),
                    Props(new() { ["Prefix"] = LakePrefixes.Quarantine, ["ExpirationInDays"] = 90 }),
                ]),
            }),
        }));
    }

    [Fact]
    public void The_lakeBucket_context_names_the_lake_bucket()
    {
        // Arrange
        using var other = AppTemplates.With(new Dictionary<string, object> { [InfraContext.LakeBucketKey] = "acme-lake-eu" });

        // Act / Assert
        other.Data.HasResourceProperties("AWS::S3::Bucket", Props(new() { ["BucketName"] = "acme-lake-eu" }));
    }

    [Fact]
    public void Every_bucket_of_the_app_is_encrypted_private_and_refuses_requests_without_TLS()
    {
        // Arrange
        var buckets = app.Resources().Where(r => r.Resource.GetProperty("Type").GetString() == "AWS::S3::Bucket").ToList();
        var policies = app.Resources().Where(r => r.Resource.GetProperty("Type").GetString() == "AWS::S3::BucketPolicy").ToList();

        // Act / Assert
        Assert.Equal(2, buckets.Count);
        foreach (var (stack, id, bucket) in buckets)
        {
            var properties = bucket.GetProperty("Properties");
            var encryption = properties.GetProperty("BucketEncryption").GetProperty("ServerSideEncryptionConfiguration")[0].GetProperty("ServerSideEncryptionByDefault");
            Assert.Equal("AES256", encryption.GetProperty("SSEAlgorithm").GetString());
            var block = properties.GetProperty("PublicAccessBlockConfiguration");
            Assert.All(PublicAccessBlocks, p => Assert.True(block.GetProperty(p).GetBoolean(), $"{stack}/{id} {p}"));

            var policy = Assert.Single(policies, p => p.Stack == stack && p.Resource.GetProperty("Properties").GetProperty("Bucket").GetProperty("Ref").GetString() == id);
            var deny = Assert.Single(Policies.Statements(policy.Resource.GetProperty("Properties").GetProperty("PolicyDocument")), s => s.Effect == "Deny");
            Assert.Equal(["s3:*"], deny.Actions);
            Assert.Equal("false", deny.Condition!.Value.GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
            Assert.Equal([$"${{{id}.Arn}}", $"${{{id}.Arn}}/*"], deny.Resources);
        }
    }

    private static Matcher Props(Dictionary<string, object> properties) => Match.ObjectLike(properties);
}
