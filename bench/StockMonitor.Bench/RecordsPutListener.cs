using System.Diagnostics.Metrics;
using StockMonitor.Ingestion.Publishing;

namespace StockMonitor.Bench;

/// <summary>Adds up the producer's records_put counter, to check that every record was delivered.</summary>
internal sealed class RecordsPutListener : IDisposable
{
    private readonly MeterListener listener = new();
    private long total;

    public RecordsPutListener()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ProducerMetrics.MeterName && instrument.Name == "stockmonitor.producer.records_put")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
        listener.Start();
    }

    public long Total => Interlocked.Read(ref total);

    public void Dispose() => listener.Dispose();
}
