using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace StockMonitor.ServiceDefaults.Health;

/// <summary>
/// Logs each health check's changes of status, with its description and error: where the details of <c>/health</c> go
/// now that it answers the status only. Once per change, not once per probe.
/// </summary>
internal sealed partial class HealthChangeLog(ILogger<HealthChangeLog> logger)
{
    private readonly ConcurrentDictionary<string, HealthStatus> last = new(StringComparer.Ordinal);

    public void Observe(HealthReport report)
    {
        foreach (var (name, entry) in report.Entries)
        {
            var previous = last.GetValueOrDefault(name, HealthStatus.Healthy);
            last[name] = entry.Status;
            if (entry.Status == previous)
            {
                continue;
            }

            if (entry.Status == HealthStatus.Healthy)
            {
                LogRecovered(name, previous);
            }
            else
            {
                LogChanged(entry.Exception, name, entry.Status, entry.Description ?? entry.Exception?.Message ?? "-");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} is {Status}: {Description}")]
    private partial void LogChanged(Exception? exception, string check, HealthStatus status, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check {Check} is Healthy again (was {Previous})")]
    private partial void LogRecovered(string check, HealthStatus previous);
}
