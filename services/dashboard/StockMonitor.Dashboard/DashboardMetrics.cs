using System.Diagnostics.Metrics;
using StockMonitor.Dashboard.Live;

namespace StockMonitor.Dashboard;

/// <summary>What an operator watches on the dashboard service (<c>stockmonitor.dashboard.*</c> on <c>/metrics</c>).</summary>
public sealed class DashboardMetrics
{
    public const string MeterName = "StockMonitor.Dashboard";

    private readonly Counter<long> pricesReceived;
    private readonly Counter<long> eventsSent;
    private readonly Counter<long> upstreamFailures;
    private readonly Histogram<double> priceDelay;
    private readonly Histogram<double> writeDuration;

    public DashboardMetrics(IMeterFactory meters, ViewerRegistry viewers)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        pricesReceived = meter.CreateCounter<long>("stockmonitor.dashboard.prices.received", description: "PriceChanged messages received (newer = moved the board forward)");
        eventsSent = meter.CreateCounter<long>("stockmonitor.dashboard.events.sent", description: "Server-Sent Events written to browsers, by event type");
        upstreamFailures = meter.CreateCounter<long>("stockmonitor.dashboard.upstream.failures", description: "Calls to the pricing or portfolio API that failed or could not be made");
        priceDelay = meter.CreateHistogram<double>("stockmonitor.dashboard.price.delay", unit: "ms", description: "PriceChanged received → written to a browser's stream (coalescing included)");
        writeDuration = meter.CreateHistogram<double>("stockmonitor.dashboard.write.duration", unit: "ms", description: "Writing and flushing one batch of events to a browser (long when the browser or the network is slow)");
        meter.CreateObservableGauge("stockmonitor.dashboard.streams", () => viewers.Count, description: "Open browser streams");
    }

    public void PriceReceived(bool newer) => pricesReceived.Add(1, new KeyValuePair<string, object?>("newer", newer));

    public void EventSent(string name) => eventsSent.Add(1, new KeyValuePair<string, object?>("event", name));

    public void UpstreamFailed(string api) => upstreamFailures.Add(1, new KeyValuePair<string, object?>("api", api));

    public void PriceDelivered(TimeSpan delay) => priceDelay.Record(delay.TotalMilliseconds);

    public void BatchWritten(TimeSpan duration) => writeDuration.Record(duration.TotalMilliseconds);
}
