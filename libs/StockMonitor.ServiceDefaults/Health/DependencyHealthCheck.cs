using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StockMonitor.ServiceDefaults.Health;

/// <summary>The health check of one dependency: the shared, cached answer of its <see cref="DependencyProbe"/>.</summary>
internal sealed class DependencyHealthCheck(DependencyProbe probe, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        probe.CheckAsync(
                services,
                services.GetRequiredService<IOptions<HealthOptions>>().Value,
                services.GetRequiredService<TimeProvider>())
            .WaitAsync(cancellationToken);
}
