using System.Diagnostics.Metrics;

namespace StockMonitor.Bridge.Reading;

/// <summary>Instruments of the bridge (meter <c>StockMonitor.Bridge</c>).</summary>
public sealed class BridgeMetrics
{
    public const string MeterName = "StockMonitor.Bridge";

    public BridgeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        RecordsRead = meter.CreateCounter<long>("stockmonitor.bridge.records_read", "{record}", "Records read from Kinesis");
        RecordsPublished = meter.CreateCounter<long>("stockmonitor.bridge.records_published", "{record}", "Records published in QuotesReceived messages the broker confirmed");
        RecordsDeadLettered = meter.CreateCounter<long>("stockmonitor.bridge.records_dead_lettered", "{record}", "Invalid records written to the dead-letter location");
        LeasesTaken = meter.CreateCounter<long>("stockmonitor.bridge.leases_taken", "{lease}", "Leases taken, by kind (free, expired, stolen, resumed)");
        LeasesLost = meter.CreateCounter<long>("stockmonitor.bridge.leases_lost", "{lease}", "Held leases another instance took");
        PropagationDelay = meter.CreateHistogram<double>("stockmonitor.bridge.propagation_delay", "ms", "Kinesis arrival to publish confirmed");
        MillisBehindLatest = meter.CreateHistogram<long>("stockmonitor.bridge.millis_behind_latest", "ms", "How far behind the tip of its shard a GetRecords answer was");
    }

    public Counter<long> RecordsRead { get; }

    public Counter<long> RecordsPublished { get; }

    public Counter<long> RecordsDeadLettered { get; }

    public Counter<long> LeasesTaken { get; }

    public Counter<long> LeasesLost { get; }

    public Histogram<double> PropagationDelay { get; }

    public Histogram<long> MillisBehindLatest { get; }
}
