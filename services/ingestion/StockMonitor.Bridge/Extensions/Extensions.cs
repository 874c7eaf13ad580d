using StockMonitor.Aws;
using StockMonitor.Bridge.DeadLetters;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Bridge.Reading;
using StockMonitor.ServiceDefaults;
using StockMonitor.ServiceDefaults.Health;

namespace StockMonitor.Bridge.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.AddMessageBus();
        builder.Services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.InstanceId), "Bridge:InstanceId must not be empty")
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(200), "Bridge:PollInterval must be at least 200 ms (5 GetRecords per second per shard)")
            .Validate(o => o.GetRecordsLimit is > 0 and <= 10_000, "Bridge:GetRecordsLimit must be 1-10000")
            .ValidateOnStart();
        builder.Services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.SectionName)
            .Validate(o => o.RenewInterval > TimeSpan.Zero && o.RenewInterval * 2 <= o.Duration, "Bridge:Leases:RenewInterval must be positive and at most half of Duration")
            .Validate(o => o.ScanInterval > TimeSpan.Zero && o.DiscoveryInterval > TimeSpan.Zero, "Bridge:Leases intervals must be positive")
            .ValidateOnStart();

        builder.Services.AddSingleton<BridgeMetrics>();
        builder.Services.AddSingleton<LeaseTable>();
        builder.Services.AddSingleton<DeadLetterWriter>();
        builder.Services.AddSingleton<ShardFailures>();
        // Registered after the bus, so it stops first and can still publish what it has in flight.
        builder.Services.AddSingleton<StreamBridge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StreamBridge>());
        builder.Services.AddHealthChecks()
            .AddCheck<BridgeHealthCheck>("leases")
            .AddCheck<ShardHealthCheck>("shards")
            .AddDependency("kinesis", AwsProbes.KinesisStream(r => r.QuoteStream))
            .AddDependency("dynamodb", AwsProbes.DynamoDbTable(r => r.BridgeLeaseTable))
            .AddDependency("s3", AwsProbes.S3Bucket(r => r.LakeBucket, LakePrefixes.DeadLetters));
    }
}
