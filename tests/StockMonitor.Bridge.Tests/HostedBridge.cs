using System.Diagnostics.Metrics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Bridge.Reading;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests;

/// <summary>
/// The bridge service hosted in the test process on the test stack, with short lease timings (a lease expires
/// after 2 s unrenewed), its logs collected and its counters recorded (both readable after it stopped). It owns
/// the stream of its resources: disposing it deletes the stream.
/// </summary>
internal sealed class HostedBridge : IAsyncDisposable
{
    public const string RecordsRead = "stockmonitor.bridge.records_read";
    public const string RecordsPublished = "stockmonitor.bridge.records_published";
    public const string RecordsDeadLettered = "stockmonitor.bridge.records_dead_lettered";
    public const string LeasesTaken = "stockmonitor.bridge.leases_taken";

    /// <summary>Lease timings short enough for a test to see an expiry.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastLeases = new Dictionary<string, string>
    {
        ["Bridge:Leases:Duration"] = "00:00:02",
        ["Bridge:Leases:RenewInterval"] = "00:00:00.500",
        ["Bridge:Leases:ScanInterval"] = "00:00:00.200",
        ["Bridge:Leases:DiscoveryInterval"] = "00:00:00.500",
    };

    private readonly WebApplicationFactory<Program> factory;
    private bool stopped;

    private HostedBridge(WebApplicationFactory<Program> factory, TestInfrastructure infra, AwsResources resources, string instanceId, MeterRecorder metrics, CollectingLoggerProvider logs)
    {
        this.factory = factory;
        Infra = infra;
        Resources = resources;
        InstanceId = instanceId;
        Metrics = metrics;
        Logs = logs;
        Leases = new LeaseTable(infra.DynamoDb, Options.Create(resources));

        // Also starts the service.
        MeterFactory = factory.Services.GetRequiredService<IMeterFactory>();
    }

    public TestInfrastructure Infra { get; }

    public AwsResources Resources { get; }

    public string InstanceId { get; }

    public MeterRecorder Metrics { get; }

    public IMeterFactory MeterFactory { get; }

    public CollectingLoggerProvider Logs { get; }

    /// <summary>The lease table of <see cref="Resources"/>, to read what the bridge wrote.</summary>
    public LeaseTable Leases { get; }

    /// <summary>Hosts the bridge as <paramref name="instanceId"/> on <paramref name="resources"/>, publishing under <paramref name="busPrefix"/>.</summary>
    public static HostedBridge Start(TestInfrastructure infra, AwsResources resources, string busPrefix, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(infra);
        var metrics = new MeterRecorder(BridgeMetrics.MeterName);
        var logs = new CollectingLoggerProvider();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, busPrefix).Concat(FastLeases))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Bridge:InstanceId", instanceId);
            builder.ConfigureServices(services => services
                .AddSingleton<ILoggerProvider>(logs)
                .AddLogging(l => l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning)));
        });
        return new HostedBridge(factory, infra, resources, instanceId, metrics, logs);
    }

    /// <summary>Writes a lease item as another (possibly dead) instance would have left it.</summary>
    public static Task SeedLeaseAsync(TestInfrastructure infra, AwsResources resources, string shardId, string? owner, long counter, string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(infra);
        ArgumentNullException.ThrowIfNull(resources);
        var item = new Dictionary<string, AttributeValue>
        {
            ["shardId"] = new(shardId),
            ["leaseCounter"] = new AttributeValue { N = counter.ToString(CultureInfo.InvariantCulture) },
            ["checkpoint"] = new(checkpoint),
        };
        if (owner is not null)
        {
            item["leaseOwner"] = new(owner);
        }

        return infra.DynamoDb.PutItemAsync(new PutItemRequest { TableName = resources.BridgeLeaseTable, Item = item });
    }

    /// <summary>The sum this host's meters recorded on <paramref name="instrument"/> with all of <paramref name="tags"/>.</summary>
    public long Count(string instrument, params (string Name, string Value)[] tags) => Metrics.Sum(MeterFactory, instrument, tags);

    /// <summary>The lease table as it is now, by shard.</summary>
    public async Task<IReadOnlyDictionary<string, Lease>> LeaseTableAsync() =>
        (await Leases.ListAsync(CancellationToken.None)).ToDictionary(l => l.ShardId, StringComparer.Ordinal);

    /// <summary>Stops the bridge gracefully; logs and counters stay readable.</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await factory.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Metrics.Dispose();
        Logs.Dispose();
        await Infra.Kinesis.DeleteStreamAsync(Resources.QuoteStream);
    }
}
