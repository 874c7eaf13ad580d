using System.Diagnostics.Metrics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// What an operator watches on pricing (meter <c>StockMonitor.Pricing</c>). DynamoDB calls are not counted here: the
/// SDK sends them through <c>HttpClient</c>, so they are <c>http.client.request.duration</c> on <c>/metrics</c>.
/// </summary>
public sealed class PricingMetrics
{
    public const string MeterName = "StockMonitor.Pricing";

    private readonly Counter<long> recorded;
    private readonly Counter<long> deadLettered;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> batchDuration;
    private readonly Histogram<double> freshness;

    public PricingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        recorded = meter.CreateCounter<long>("stockmonitor.pricing.quotes_recorded", "{quote}", "Quotes recorded for good: latest item and bars written, the message acknowledged");
        deadLettered = meter.CreateCounter<long>("stockmonitor.pricing.quotes_dead_lettered", "{quote}", "Quotes that can never be recorded, sent alone to the error queue");
        // Exported at zero from the start, so the first poison quote shows in rate() rather than as "no data".
        deadLettered.Add(0);
        batchSize = meter.CreateHistogram<int>("stockmonitor.pricing.batch_size", "{quote}", "Quotes per recorded batch");
        batchDuration = meter.CreateHistogram<double>("stockmonitor.pricing.batch_duration", "ms", "Recording one batch: read, write and announce");
        freshness = meter.CreateHistogram<double>("stockmonitor.pricing.freshness", "s", "Written minus observed time of each latest item written (how old a price is when readers can see it)");
    }

    public void QuoteDeadLettered() => deadLettered.Add(1);

    /// <summary>
    /// A batch written: its size, the quotes it finished (a quote whose bars are not due yet is written again with
    /// them, and counted then), how long it took, and the observed times of the latest items it wrote.
    /// </summary>
    public void BatchRecorded(int quotes, int finished, TimeSpan duration, IEnumerable<DateTimeOffset> latestObservedAt, DateTimeOffset writtenAt)
    {
        ArgumentNullException.ThrowIfNull(latestObservedAt);
        recorded.Add(finished);
        batchSize.Record(quotes);
        batchDuration.Record(duration.TotalMilliseconds);
        foreach (var observedAt in latestObservedAt)
        {
            // A source clock ahead of ours would give a negative age: it is fresh, not from the future.
            freshness.Record(Math.Max(0, (writtenAt - observedAt).TotalSeconds));
        }
    }
}
