using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>
/// Records the counters of meter <c>StockMonitor.Ingestion</c>. Start it before the service; count only what
/// the meters of one service (its <see cref="IMeterFactory"/>) recorded, since tests run side by side.
/// </summary>
public sealed class IngestionMeterRecorder : IDisposable
{
    public const string Failed = "stockmonitor.ingestion.failed";
    public const string Throttled = "stockmonitor.ingestion.throttled";
    public const string Skipped = "stockmonitor.ingestion.quotes_skipped";
    public const string Emitted = "stockmonitor.ingestion.quotes_emitted";
    public const string Fetched = "stockmonitor.ingestion.quotes_fetched";

    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(object? Scope, string Instrument, long Value, string? Provider, string? Reason)> measurements = new();

    public IngestionMeterRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestionMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? provider = null, reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "provider")
                {
                    provider = tag.Value as string;
                }
                else if (tag.Key == "reason")
                {
                    reason = tag.Value as string;
                }
            }

            measurements.Enqueue((instrument.Meter.Scope, instrument.Name, value, provider, reason));
        });
        listener.Start();
    }

    /// <summary>The sum recorded by <paramref name="scope"/>'s meters on <paramref name="instrument"/>, optionally for one reason.</summary>
    public long Count(IMeterFactory scope, string instrument, string provider, string? reason = null) =>
        measurements
            .Where(m => ReferenceEquals(m.Scope, scope) && m.Instrument == instrument && m.Provider == provider && (reason is null || m.Reason == reason))
            .Sum(m => m.Value);

    public void Dispose() => listener.Dispose();
}
