namespace StockMonitor.ServiceDefaults.Health;

/// <summary>Settings of the health endpoints and dependency checks (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// Maps <c>/health/details</c> (every check with its description and error). Off by default: the public
    /// <c>/health</c> and <c>/alive</c> answer the status only; turn it on only where the port is not reachable from outside.
    /// </summary>
    public bool Details { get; set; }

    /// <summary>Longest wait for a dependency's answer before its check reports it unreachable.</summary>
    public TimeSpan DependencyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a dependency's answer is reused, so that frequent probes do not each call it.</summary>
    public TimeSpan DependencyCacheFor { get; set; } = TimeSpan.FromSeconds(5);
}
