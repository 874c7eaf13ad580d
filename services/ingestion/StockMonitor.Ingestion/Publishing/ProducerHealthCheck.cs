using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StockMonitor.Ingestion.Publishing;

/// <summary>
/// Unhealthy when Kinesis has refused everything for longer than <see cref="FailingFor"/>; degraded while
/// the buffer is nearly full (the producer is holding the feeds back); healthy otherwise.
/// </summary>
public sealed class ProducerHealthCheck(KinesisQuoteProducer producer, IOptions<ProducerOptions> options, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan FailingFor = TimeSpan.FromSeconds(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depth = producer.BufferDepth;
        var data = new Dictionary<string, object>
        {
            ["bufferDepth"] = depth,
            ["bufferCapacity"] = options.Value.BufferCapacity,
            ["consecutiveFailures"] = producer.ConsecutiveFailures,
        };
        if (producer.ConsecutiveFailures > 0 && producer.FailingSince is { } since && time.GetUtcNow() - since > FailingFor)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Kinesis has refused PutRecords since {since:O}; {depth} quotes are waiting", data: data));
        }

        if (depth >= options.Value.BufferCapacity * 0.8)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The buffer holds {depth} quotes: feeds are being held back", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{depth} quotes buffered", data));
    }
}
