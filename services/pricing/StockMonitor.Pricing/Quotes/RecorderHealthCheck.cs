using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Unhealthy when quotes wait and no batch attempt has started or ended for <see cref="PricingOptions.StallTimeout"/>:
/// the recorder is stuck, not waiting for a dependency (a failing dependency keeps attempts going, and shows as
/// Degraded). Tagged live, so <c>/alive</c> fails too and Kubernetes restarts the instance; its messages are
/// redelivered to the next one.
/// </summary>
public sealed class RecorderHealthCheck(QuoteRecorder recorder, IOptions<PricingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var progress = recorder.Progress;
        var data = new Dictionary<string, object>
        {
            ["waiting"] = progress.Waiting,
            ["secondsSinceActivity"] = Math.Round(progress.SinceActivity.TotalSeconds, 1),
            ["failingAttempts"] = progress.FailingAttempts,
        };
        var result = progress switch
        {
            { Waiting: > 0 } when progress.SinceActivity > options.Value.StallTimeout => HealthCheckResult.Unhealthy(
                $"{progress.Waiting} quotes wait and no batch attempt started or ended for {progress.SinceActivity.TotalSeconds:0} s (stall timeout {options.Value.StallTimeout.TotalSeconds:0} s)",
                data: data),
            { FailingAttempts: > 0 } => HealthCheckResult.Degraded(
                $"recording fails and is retried ({progress.FailingAttempts} attempts): {progress.LastError}",
                data: data),
            _ => HealthCheckResult.Healthy($"{progress.Waiting} quotes in progress", data),
        };
        return Task.FromResult(result);
    }
}
