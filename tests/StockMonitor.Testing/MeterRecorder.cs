using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace StockMonitor.Testing;

/// <summary>
/// Records the integer measurements (counters, <c>long</c> or <c>int</c>) of every meter named <c>meterName</c> in the
/// process, with their tags. Hosts running side by side in one test process each create their meters through their
/// own <see cref="IMeterFactory"/>, so the queries take that factory and count only what its meters recorded. Create
/// the recorder before the host starts so nothing is missed; measurements stay readable after the host is disposed.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> measurements = new();

    public MeterRecorder(string meterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterName);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    /// <summary>What the meters of <paramref name="scope"/> recorded on <paramref name="instrument"/>, in order.</summary>
    public IReadOnlyList<RecordedMeasurement> Recorded(IMeterFactory scope, string instrument) =>
        measurements.Where(m => ReferenceEquals(m.Scope, scope) && m.Instrument == instrument).ToList();

    /// <summary>
    /// The sum of what the meters of <paramref name="scope"/> recorded on <paramref name="instrument"/> with every one
    /// of <paramref name="tags"/> (other tags may differ).
    /// </summary>
    public long Sum(IMeterFactory scope, string instrument, params (string Name, string Value)[] tags) =>
        Recorded(scope, instrument)
            .Where(m => tags.All(t => m[t.Name] == t.Value))
            .Sum(m => m.Value);

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new Dictionary<string, string?>(tags.Length);
        foreach (var tag in tags)
        {
            values[tag.Key] = tag.Value is null ? null : Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
        }

        measurements.Enqueue(new RecordedMeasurement(instrument.Meter.Scope, instrument.Name, value, values));
    }
}
