using System.Diagnostics.Metrics;

namespace StockMonitor.Ingestion.Providers;

/// <summary>Per-provider counters (meter <c>StockMonitor.Ingestion</c>), tagged with <c>provider</c> and, for failures, <c>reason</c>.</summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "StockMonitor.Ingestion";

    private readonly Counter<long> fetched;
    private readonly Counter<long> emitted;
    private readonly Counter<long> skipped;
    private readonly Counter<long> throttled;
    private readonly Counter<long> failed;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        fetched = meter.CreateCounter<long>("stockmonitor.ingestion.quotes_fetched", "{quote}", "Quotes a provider received from its source");
        emitted = meter.CreateCounter<long>("stockmonitor.ingestion.quotes_emitted", "{quote}", "Quotes handed to the Kinesis producer");
        skipped = meter.CreateCounter<long>("stockmonitor.ingestion.quotes_skipped", "{quote}", "Quotes not emitted on purpose (unchanged since the last one)");
        throttled = meter.CreateCounter<long>("stockmonitor.ingestion.throttled", "{response}", "Answers telling us to slow down");
        failed = meter.CreateCounter<long>("stockmonitor.ingestion.failed", "{event}", "Answers or quotes rejected, by reason");
    }

    /// <summary>
    /// Exports the counters of <paramref name="provider"/> at zero from its start, so that the series exist before the
    /// first event (a dashboard's rate() and an alert's absent() then see the first throttling, not "no data"). Failures
    /// are not: each carries a reason, and a reason-less series would be a reason of its own.
    /// </summary>
    public void Started(string provider)
    {
        var tag = new KeyValuePair<string, object?>("provider", provider);
        fetched.Add(0, tag);
        emitted.Add(0, tag);
        throttled.Add(0, tag);
    }

    public void Fetched(string provider, int count = 1) => fetched.Add(count, new KeyValuePair<string, object?>("provider", provider));

    public void Emitted(string provider) => emitted.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void Skipped(string provider, string reason) =>
        skipped.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", reason));

    public void Throttled(string provider) => throttled.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void Failed(string provider, string reason) =>
        failed.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", reason));
}
