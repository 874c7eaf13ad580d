using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests;

/// <summary>The pipeline across separate processes: Kinesis → bridge → RabbitMQ → pricing (DynamoDB) and archive (S3).</summary>
public class PipelineTests
{
    [Fact]
    public async Task A_record_put_on_kinesis_reaches_the_latest_table_and_the_lake()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 2);
        var settings = infra.SettingsFor(resources, TestInfrastructure.UniqueName("e2e"));
        settings["Archive:MaxWait"] = "00:00:01";
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings);
        await using var archive = await ServiceProcess.StartAsync("archive", "StockMonitor.Archive", settings);
        await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings);
        var quote = new Quote("E2E.A", 123.45m, "USD", 120m, 125m, 119.5m, 121m, 1_000m, DateTimeOffset.UtcNow, "e2e-test");

        await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, [new PutRecordsEntry(QuoteRecordSerializer.Serialize(quote), quote.Symbol)]);

        var item = await Eventually.ReturnsAsync(
            async () => (await infra.DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = resources.QuotesLatestTable,
                Key = new() { ["symbol"] = new AttributeValue("E2E.A") },
                ConsistentRead = true,
            })).Item is { Count: > 0 } found ? found : null,
            $"E2E.A in {resources.QuotesLatestTable} (pricing output:{Environment.NewLine}{pricing.RecentOutput})");
        Assert.Equal("123.45", item["price"].N);
        Assert.Equal("2.45", item["change"].N);

        var objects = await Eventually.ReturnsAsync(
            async () => (await infra.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = resources.LakeBucket, Prefix = "quotes/" })).S3Objects is { Count: > 0 } found ? found : null,
            $"an object in {resources.LakeBucket} (archive output:{Environment.NewLine}{archive.RecentOutput})");
        var key = Assert.Single(objects).Key;
        Assert.StartsWith($"quotes/dt={quote.ObservedAt.UtcDateTime:yyyy-MM-dd}/", key, StringComparison.Ordinal);
        Assert.False(bridge.HasExited);
    }
}
