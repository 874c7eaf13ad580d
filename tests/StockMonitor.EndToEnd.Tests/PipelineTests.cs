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

    [Fact]
    public async Task A_far_future_quote_is_dead_lettered_with_its_reason_and_a_later_real_quote_becomes_latest()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var settings = infra.SettingsFor(resources, TestInfrastructure.UniqueName("e2e"));
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings);
        await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings);
        var now = DateTimeOffset.UtcNow;
        var future = new Quote("E2E.F", 999m, "USD", null, null, null, null, null, now.AddDays(1), "e2e-test");
        var real = new Quote("E2E.F", 101.5m, "USD", null, null, null, null, null, now, "e2e-test");

        await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, [new PutRecordsEntry(QuoteRecordSerializer.Serialize(future), future.Symbol)]);
        await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, [new PutRecordsEntry(QuoteRecordSerializer.Serialize(real), real.Symbol)]);

        var item = await Eventually.ReturnsAsync(
            async () => (await infra.DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = resources.QuotesLatestTable,
                Key = new() { ["symbol"] = new AttributeValue("E2E.F") },
                ConsistentRead = true,
            })).Item is { Count: > 0 } found ? found : null,
            $"E2E.F in {resources.QuotesLatestTable} (pricing output:{Environment.NewLine}{pricing.RecentOutput})");
        Assert.Equal("101.5", item["price"].N);

        var letters = await Eventually.ReturnsAsync(
            async () => (await infra.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = resources.LakeBucket, Prefix = "dead-letter/quotes/" })).S3Objects is { Count: > 0 } found ? found : null,
            $"a dead letter in {resources.LakeBucket} (bridge output:{Environment.NewLine}{bridge.RecentOutput})");
        using var letter = await infra.S3.GetObjectAsync(resources.LakeBucket, Assert.Single(letters).Key);
        using var json = await System.Text.Json.JsonDocument.ParseAsync(letter.ResponseStream);
        Assert.Equal(
            $"observedAt {QuoteRecordSerializer.FormatTimestamp(future.ObservedAt)} is in the future",
            json.RootElement.GetProperty("reason").GetString());
    }
}
