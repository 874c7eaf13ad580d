using StockMonitor.Pricing.Bars;

namespace StockMonitor.Pricing.Api;

/// <summary>A bar as the API returns it: <c>time</c> is the bucket start (what Grafana plots against).</summary>
/// <param name="Volume">Volume traded in the bar; null when the source reports no volume.</param>
public sealed record BarView(DateTimeOffset Time, decimal Open, decimal High, decimal Low, decimal Close, decimal? Volume, int Count)
{
    public static BarView From(BarRecord bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        return new(bar.Bucket, bar.Segment.Open, bar.Segment.High, bar.Segment.Low, bar.Segment.Close, bar.HasVolume ? bar.Volume : null, bar.Segment.Count);
    }
}
