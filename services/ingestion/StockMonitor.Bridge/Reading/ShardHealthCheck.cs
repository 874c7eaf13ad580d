using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StockMonitor.Bridge.Reading;

/// <summary>
/// Degraded while a held shard is stuck: its last <see cref="StuckAfter"/> or more attempts all failed (dead-letter
/// writes, publishing, checkpointing or reading). Degraded, not Unhealthy: the other shards still flow, and the
/// dependency checks say which server is away.
/// </summary>
internal sealed class ShardHealthCheck(ShardFailures failures) : IHealthCheck
{
    /// <summary>Failed attempts in a row (with backoff: at least 3.5 s) after which a shard counts as stuck.</summary>
    public const int StuckAfter = 3;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuck = failures.Failing.Where(f => f.Attempts >= StuckAfter).OrderBy(f => f.ShardId, StringComparer.Ordinal).ToList();
        if (stuck.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No shard is stuck"));
        }

        var data = stuck.ToDictionary(f => f.ShardId, f => (object)$"{f.Attempts} attempts failed since {f.Since:O}, last at {f.Step}: {f.Error}");
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{stuck.Count} shards stuck: " + string.Join(", ", stuck.Select(f => $"{f.ShardId} ({f.Step}, {f.Attempts} attempts since {f.Since:O})")),
            data: data));
    }
}
