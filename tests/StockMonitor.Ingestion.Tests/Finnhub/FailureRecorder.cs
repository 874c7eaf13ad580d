using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>
/// Records the ingestion failure and throttling counters (meter <c>StockMonitor.Ingestion</c>) of every service in
/// the process; <see cref="Failed"/> and <see cref="FailuresByReason"/> give those of one service, told apart by the
/// <see cref="IMeterFactory"/> that created its meter. Start it before the service so nothing is missed.
/// </summary>
internal sealed class FailureRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(object? Scope, string Instrument, long Value, string? Provider, string? Reason)> measurements = new();

    public FailureRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "StockMonitor.Ingestion"
                && instrument.Name is "stockmonitor.ingestion.failed" or "stockmonitor.ingestion.throttled")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? provider = null;
            string? reason = null;
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

    /// <summary>Failures counted by the service whose meters <paramref name="meterFactory"/> made, for <paramref name="provider"/> and <paramref name="reason"/>.</summary>
    public long Failed(IMeterFactory meterFactory, string provider, string reason) =>
        Sum(meterFactory, "stockmonitor.ingestion.failed", provider, reason);

    /// <summary>Every failure reason counted for <paramref name="provider"/>, with its count.</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason(IMeterFactory meterFactory, string provider) =>
        measurements
            .Where(m => ReferenceEquals(m.Scope, meterFactory) && m.Instrument == "stockmonitor.ingestion.failed" && m.Provider == provider)
            .GroupBy(m => m.Reason ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    public void Dispose() => listener.Dispose();

    private long Sum(IMeterFactory meterFactory, string instrument, string provider, string reason) =>
        measurements
            .Where(m => ReferenceEquals(m.Scope, meterFactory) && m.Instrument == instrument && m.Provider == provider && m.Reason == reason)
            .Sum(m => m.Value);
}
