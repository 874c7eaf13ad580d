using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging.Abstractions;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests;

/// <summary>
/// Pricing keeps its state in memory and writes it in batches, so the failures that matter are the ones that take
/// that memory or its store away at load: the instance that owns the quotes is killed (the standby takes the queue
/// and, once the lease expires, the state), and the DynamoDB server itself is killed and started again. Both end with
/// every quote counted once, ~400 quotes/s with 10 % duplicates.
/// </summary>
public class PricingFailoverTests
{
    private const int Symbols = 40;
    private const int Quotes = 6_000;

    [Fact]
    public async Task Kill_9_of_the_owning_one_of_two_pricing_instances_at_load_leaves_bars_and_latest_exact()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("failover");
        var settings = infra.SettingsFor(resources, prefix);
        settings["Pricing:LeaseDuration"] = "00:00:04";
        settings["Pricing:LeaseMargin"] = "00:00:01";
        await using var first = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing-1");
        await using var second = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing-2");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        var quotes = PricingTables.Quotes("KILL", Quotes, Symbols);

        var published = new StrongBox<int>();
        var publishing = PricingTables.PublishAtLoadAsync(bus, quotes, published);
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref published.Value) >= Quotes / 3), "a third of the quotes published", TimeSpan.FromMinutes(1));

        // The owner is the one whose process id is in the lease.
        var owner = await Eventually.ReturnsAsync(
            async () => (await infra.DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = resources.QuotesLatestTable,
                Key = new() { ["symbol"] = new AttributeValue("#owner") },
                ConsistentRead = true,
            })).Item is { Count: > 0 } item && item.TryGetValue("leaseOwner", out var leaseOwner) ? leaseOwner.S : null,
            "a pricing instance holding the lease");
        var (killed, survivor) = owner.Split('/')[1] == first.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) ? (first, second) : (second, first);
        killed.Kill();

        await publishing;
        await PricingTables.AssertExactAsync(infra.DynamoDb, resources, quotes, () => $"survivor ({survivor.Name}) output:{Environment.NewLine}{survivor.RecentOutput}");
        Assert.False(survivor.HasExited);
    }

    [Fact]
    public async Task DynamoDB_killed_and_restarted_at_load_leaves_bars_and_latest_exact()
    {
        var infra = await TestInfrastructure.GetAsync();
        await using var dynalite = await OwnServer.DynaliteAsync();
        var aws = infra.Aws with { DynamoDbEndpoint = dynalite.Endpoint };
        var dynamoDb = AwsClientFactory.CreateDynamoDb(aws);
        var resources = TestInfrastructure.NewResourceNames(shards: 1);
        await new ResourceProvisioner(infra.Kinesis, dynamoDb, infra.S3, NullLogger<ResourceProvisioner>.Instance).EnsureAllAsync(resources);
        var prefix = TestInfrastructure.UniqueName("dynamo-down");
        var settings = infra.SettingsFor(resources, prefix);
        settings["AWS_ENDPOINT_URL_DYNAMODB"] = dynalite.Endpoint.ToString();
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings);
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        var quotes = PricingTables.Quotes("DOWN", Quotes, Symbols);

        var published = new StrongBox<int>();
        var publishing = PricingTables.PublishAtLoadAsync(bus, quotes, published);
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref published.Value) >= Quotes / 3), "a third of the quotes published", TimeSpan.FromMinutes(1));
        dynalite.Kill();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await dynalite.RestartAsync();

        await publishing;
        await PricingTables.AssertExactAsync(dynamoDb, resources, quotes, () => $"pricing output:{Environment.NewLine}{pricing.RecentOutput}");
        Assert.False(pricing.HasExited);
    }
}
