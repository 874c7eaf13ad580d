using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StockMonitor.Bridge.Reading;

/// <summary>Unhealthy when the lease loop has not completed a scan for a while (DynamoDB or Kinesis unreachable).</summary>
internal sealed class BridgeHealthCheck(StreamBridge bridge, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);
    private readonly DateTimeOffset startedAt = time.GetUtcNow();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = bridge.Snapshot;
        var data = new Dictionary<string, object> { ["instanceId"] = snapshot.InstanceId, ["shards"] = snapshot.Held.Select(h => h.ShardId).ToArray() };
        var last = snapshot.ScannedAt ?? startedAt;
        return Task.FromResult(time.GetUtcNow() - last > Stale
            ? HealthCheckResult.Unhealthy($"No lease scan has completed since {last:O}", data: data)
            : HealthCheckResult.Healthy($"{snapshot.Held.Count} shards held", data));
    }
}
