namespace StockMonitor.Dashboard.Market;

/// <summary>
/// A symbol's intraday line: the last price of each step (e.g. 5 minutes) over a window (e.g. a session of 6.5 h),
/// oldest first. Immutable: <see cref="With"/> returns the line with one more price.
/// </summary>
public sealed record Sparkline(IReadOnlyList<SparkPoint> Points)
{
    public static readonly Sparkline Empty = new([]);

    /// <summary>The line with <paramref name="price"/> as the newest close of its step; an older price changes nothing.</summary>
    public Sparkline With(DateTimeOffset at, decimal price, TimeSpan step, TimeSpan window)
    {
        var bucket = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % step.Ticks), TimeSpan.Zero);
        var points = Points;
        if (points.Count > 0 && bucket < points[^1].At)
        {
            return this;
        }

        var kept = points.Where(p => p.At > bucket - window && p.At != bucket).ToList();
        kept.Add(new SparkPoint(bucket, price));
        return new Sparkline(kept);
    }
}
