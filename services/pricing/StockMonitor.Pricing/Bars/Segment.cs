namespace StockMonitor.Pricing.Bars;

/// <summary>
/// The summary of a run of ticks in time order, built so that two adjacent runs combine into the summary of
/// their union (<see cref="Then"/> is associative). A 1-minute bar is the segment of its ticks, an hour the
/// segment of its minutes, a day the segment of its hours; the statistics of any of them need no other data.
/// Volume deltas are counted between consecutive ticks that carry a cumulative volume: ΔV = max(0, Vᵢ − Vᵢ₋₁),
/// weighted by the later tick's price (VWAP = <see cref="PriceVolume"/> / <see cref="DeltaVolume"/>).
/// </summary>
public sealed record Segment(
    int Count,
    string FirstKey,
    DateTimeOffset FirstAt,
    decimal Open,
    string LastKey,
    DateTimeOffset LastAt,
    decimal Close,
    decimal High,
    decimal Low,
    VolumePoint? FirstVolume,
    VolumePoint? LastVolume,
    decimal DeltaVolume,
    decimal PriceVolume)
{
    public static Segment Of(Tick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        var point = tick.Volume is { } v ? new VolumePoint(tick.OrderKey, tick.Price, v) : null;
        return new Segment(1, tick.OrderKey, tick.ObservedAt, tick.Price, tick.OrderKey, tick.ObservedAt, tick.Price, tick.Price, tick.Price, point, point, 0m, 0m);
    }

    /// <summary>The summary of ticks in any order: sorted, duplicates (same id) counted once.</summary>
    public static Segment? Of(IEnumerable<Tick> ticks) =>
        Tick.InOrder(ticks).Select(Of).Aggregate((Segment?)null, (acc, next) => acc is null ? next : acc.Then(next));

    /// <summary>This run followed by <paramref name="later"/>, whose ticks all come after this run's.</summary>
    public Segment Then(Segment later)
    {
        ArgumentNullException.ThrowIfNull(later);
        var (deltaVolume, priceVolume) = (DeltaVolume + later.DeltaVolume, PriceVolume + later.PriceVolume);
        if (LastVolume is { } before && later.FirstVolume is { } after)
        {
            var delta = Math.Max(0m, after.Volume - before.Volume);
            deltaVolume += delta;
            priceVolume += after.Price * delta;
        }

        return new Segment(
            Count + later.Count,
            FirstKey,
            FirstAt,
            Open,
            later.LastKey,
            later.LastAt,
            later.Close,
            Math.Max(High, later.High),
            Math.Min(Low, later.Low),
            FirstVolume ?? later.FirstVolume,
            later.LastVolume ?? LastVolume,
            deltaVolume,
            priceVolume);
    }

    /// <summary>Volume-weighted average price of the run, when volume moved within it.</summary>
    public decimal? Vwap => DeltaVolume > 0 ? PriceVolume / DeltaVolume : null;

    /// <summary>The volume traded from <paramref name="previous"/>'s last volume to this run's first, attributed to this run.</summary>
    public decimal CrossVolumeAfter(Segment? previous) =>
        previous?.LastVolume is { } before && FirstVolume is { } after ? Math.Max(0m, after.Volume - before.Volume) : 0m;
}
