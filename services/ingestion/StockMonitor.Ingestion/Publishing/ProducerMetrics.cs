using System.Diagnostics.Metrics;

namespace StockMonitor.Ingestion.Publishing;

/// <summary>OpenTelemetry instruments of the Kinesis producer (meter <c>StockMonitor.Ingestion.Producer</c>).</summary>
public sealed class ProducerMetrics
{
    public const string MeterName = "StockMonitor.Ingestion.Producer";

    public ProducerMetrics(IMeterFactory meterFactory, Func<int> bufferDepth)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        RecordsPut = meter.CreateCounter<long>("stockmonitor.producer.records_put", "{record}", "Records accepted by Kinesis");
        RecordsRetried = meter.CreateCounter<long>("stockmonitor.producer.records_retried", "{record}", "Records sent again after a failed entry or call");
        CallsFailed = meter.CreateCounter<long>("stockmonitor.producer.calls_failed", "{call}", "PutRecords calls that failed as a whole");
        BatchSize = meter.CreateHistogram<int>("stockmonitor.producer.batch_size", "{record}", "Records per PutRecords call");
        PutLatency = meter.CreateHistogram<double>("stockmonitor.producer.put_latency", "ms", "Duration of a PutRecords call");
        meter.CreateObservableGauge("stockmonitor.producer.buffer_depth", bufferDepth, "{record}", "Quotes waiting to be sent");

        // Exported at zero from the start: the first retry or failure then shows in rate(), not as "no data".
        RecordsRetried.Add(0);
        CallsFailed.Add(0);
    }

    public Counter<long> RecordsPut { get; }

    public Counter<long> RecordsRetried { get; }

    public Counter<long> CallsFailed { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> PutLatency { get; }
}
