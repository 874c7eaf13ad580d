using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests.Health;

/// <summary>What the health endpoints tell outsiders and probes: the shared service defaults, seen through the bridge.</summary>
public class BridgeHealthTests
{
    [Fact]
    public async Task Health_answers_the_status_only_never_a_failing_checks_name_or_exception_text()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        await using var factory = Bridge(infra, resources, new() { ["Health:Details"] = "false" }, services => services.AddHealthChecks()
            .AddCheck("secret-check", () => throw new InvalidOperationException("password=hunter2 at 10.1.2.3:5432")));
        using var client = factory.CreateClient();

        var health = await HealthAnswer.GetAsync(client);
        var alive = await HealthAnswer.GetAsync(client, "/alive");
        var details = await HealthAnswer.GetAsync(client, "/health/details");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("""{"status":"Unhealthy"}""", health.Body);
        Assert.Equal("""{"status":"Healthy"}""", alive.Body);
        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_S3", "s3")]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "dynamodb")]
    [InlineData("AWS_ENDPOINT_URL_KINESIS", "kinesis")]
    public async Task Readiness_is_unhealthy_at_once_while_a_dependency_is_unreachable_and_liveness_stays_healthy(string endpoint, string check)
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var closed = $"http://127.0.0.1:{LocalPort.Free()}";
        await using var factory = Bridge(infra, resources, new() { [endpoint] = closed });
        using var client = factory.CreateClient();

        var health = await HealthAnswer.GetAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", (await HealthAnswer.CheckAsync(client, check)).Status);
        Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.GetAsync(client, "/alive")).StatusCode);
    }

    [Fact]
    public async Task A_shard_stuck_on_failing_dead_letter_writes_turns_the_bridge_degraded_until_they_succeed()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        await using var s3 = TcpProxy.To(new Uri(infra.Servers.AwsEnvironment["AWS_ENDPOINT_URL_S3"]));
        // S3's readiness answer is kept from the first probe: as when the bucket answers HEAD but refuses writes.
        await using var factory = Bridge(infra, resources, new()
        {
            ["AWS_ENDPOINT_URL_S3"] = s3.Endpoint.ToString(),
            ["Health:DependencyCacheFor"] = "01:00:00",
        });
        using var client = factory.CreateClient();
        await Eventually.HoldsAsync(async () => (await HealthAnswer.GetAsync(client)).Status == "Healthy", "the bridge healthy");

        s3.Mode = ProxyMode.Refuse;
        await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, [new PutRecordsEntry(Encoding.UTF8.GetBytes("{not json"), "AAPL")]);

        var degraded = await Eventually.ReturnsAsync(
            async () => await HealthAnswer.GetAsync(client) is { Status: "Degraded" } answer ? answer : null,
            "the bridge degraded by its stuck shard");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        var shards = await HealthAnswer.CheckAsync(client, "shards");
        Assert.Equal("Degraded", shards.Status);
        Assert.Contains("dead-letter write", shards.Description, StringComparison.Ordinal);

        s3.Mode = ProxyMode.Forward;

        await Eventually.HoldsAsync(async () => (await HealthAnswer.GetAsync(client)).Status == "Healthy", "the bridge healthy once the dead letter is written");
        var letters = await infra.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = resources.LakeBucket, Prefix = "dead-letter/" });
        Assert.Single(letters.S3Objects);
    }

    private static WebApplicationFactory<Program> Bridge(
        TestInfrastructure infra,
        Aws.AwsResources resources,
        Dictionary<string, string> overrides,
        Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("bh")).Concat(HostedBridge.FastLeases))
            {
                builder.UseSetting(key, value);
            }

            foreach (var (key, value) in overrides)
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        });
}
