using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StockMonitor.ServiceDefaults.Health;

public static class HealthChecksBuilderExtensions
{
    /// <summary>
    /// A readiness check (on <c>/health</c>, never on <c>/alive</c>) that <paramref name="call"/> — a cheap request such as
    /// DescribeTable, HeadBucket or <c>SELECT 1</c> — succeeds within the timeout; its answer is cached briefly.
    /// </summary>
    public static IHealthChecksBuilder AddDependency(this IHealthChecksBuilder builder, string name, Func<IServiceProvider, CancellationToken, Task> call)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var probe = new DependencyProbe(name, call);
        return builder.Add(new HealthCheckRegistration(name, services => new DependencyHealthCheck(probe, services), HealthStatus.Unhealthy, [Extensions.ReadyTag]));
    }
}
