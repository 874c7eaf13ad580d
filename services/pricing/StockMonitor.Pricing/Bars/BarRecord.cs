namespace StockMonitor.Pricing.Bars;

/// <summary>
/// A bar as stored: its bucket, the segment summary of its ticks, the volume attributed to it from the
/// previous bar's last volume (<see cref="CrossIn"/>, with <see cref="CrossFrom"/> naming the volume point it
/// was computed from), and a version that counts its writes.
/// </summary>
public sealed record BarRecord(
    string Symbol,
    BarInterval Interval,
    DateTimeOffset Bucket,
    Segment Segment,
    decimal CrossIn,
    string CrossFrom,
    long Version)
{
    /// <summary>Volume traded in the bar: the deltas inside it plus the one from the previous bar's last volume.</summary>
    public decimal Volume => Segment.DeltaVolume + CrossIn;

    /// <summary>Whether any tick of the bar carried a volume (otherwise its volume is unknown, not zero).</summary>
    public bool HasVolume => Segment.FirstVolume is not null;
}
