using System.Diagnostics.Metrics;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests;

/// <summary>The counters of meter <c>StockMonitor.Ingestion</c> (<see cref="IngestionMetrics"/>) and how the tests read them.</summary>
internal static class IngestionCounters
{
    public const string Failed = "stockmonitor.ingestion.failed";
    public const string Throttled = "stockmonitor.ingestion.throttled";
    public const string Skipped = "stockmonitor.ingestion.quotes_skipped";
    public const string Emitted = "stockmonitor.ingestion.quotes_emitted";
    public const string Fetched = "stockmonitor.ingestion.quotes_fetched";

    /// <summary>A recorder for these counters; create it before the service.</summary>
    public static MeterRecorder Record() => new(IngestionMetrics.MeterName);

    /// <summary>The sum recorded by <paramref name="scope"/>'s meters on <paramref name="instrument"/> for <paramref name="provider"/>, optionally for one reason.</summary>
    public static long Count(this MeterRecorder metrics, IMeterFactory scope, string instrument, string provider, string? reason = null) =>
        reason is null
            ? metrics.Sum(scope, instrument, ("provider", provider))
            : metrics.Sum(scope, instrument, ("provider", provider), ("reason", reason));
}
