using StockMonitor.Pricing.Bars;

namespace StockMonitor.Pricing.Tests.Bars;

public class SegmentTests
{
    private static readonly DateTimeOffset Open = new(2026, 11, 27, 14, 30, 0, TimeSpan.Zero);

    // Hand-worked VWAP from cumulative day volume:
    //   14:30:00  10.00  cum 1,000   (first tick: its volume traded before we looked, not counted)
    //   14:30:20  11.00  cum 1,100   ΔV 100 × 11.00 =  1,100
    //   14:30:40  12.00  cum 1,300   ΔV 200 × 12.00 =  2,400
    //   14:31:10  11.50  cum 1,600   ΔV 300 × 11.50 =  3,450
    //   Σ ΔV = 600, Σ p·ΔV = 6,950, VWAP = 6,950 / 600 = 11.58333…
    private static readonly Tick[] Ticks =
    [
        Tick(0, 10.00m, 1_000m),
        Tick(20, 11.00m, 1_100m),
        Tick(40, 12.00m, 1_300m),
        Tick(70, 11.50m, 1_600m),
    ];

    [Fact]
    public void Of_computes_ohlc_count_and_vwap_from_volume_deltas()
    {
        var segment = Segment.Of(Ticks)!;

        Assert.Equal((10.00m, 12.00m, 10.00m, 11.50m, 4), (segment.Open, segment.High, segment.Low, segment.Close, segment.Count));
        Assert.Equal(600m, segment.DeltaVolume);
        Assert.Equal(6_950m, segment.PriceVolume);
        Assert.Equal(6_950m / 600m, segment.Vwap);
    }

    [Fact]
    public void Minute_segments_combined_equal_the_segment_of_all_ticks()
    {
        var firstMinute = Segment.Of(Ticks.Take(3))!;
        var secondMinute = Segment.Of(Ticks.Skip(3))!;

        var combined = firstMinute.Then(secondMinute);

        Assert.Equal(Segment.Of(Ticks), combined);
        // The second minute alone has no delta; the 300 traded since 14:30:40 comes in across the boundary.
        Assert.Equal(0m, secondMinute.DeltaVolume);
        Assert.Equal(300m, secondMinute.CrossVolumeAfter(firstMinute));
    }

    [Fact]
    public void Order_and_duplicates_of_the_ticks_do_not_matter()
    {
        var shuffled = new[] { Ticks[3], Ticks[1], Ticks[0], Ticks[3], Ticks[2], Ticks[1] };

        Assert.Equal(Segment.Of(Ticks), Segment.Of(shuffled));
    }

    [Fact]
    public void Then_is_associative()
    {
        var (a, b, c) = (Segment.Of([Ticks[0]])!, Segment.Of([Ticks[1], Ticks[2]])!, Segment.Of([Ticks[3]])!);

        Assert.Equal(a.Then(b).Then(c), a.Then(b.Then(c)));
    }

    [Fact]
    public void A_falling_cumulative_volume_adds_nothing_and_ticks_without_volume_count_only_for_prices()
    {
        // 1,000 → (no volume) → 900 (a glitch: no negative volume) → 1,200: only the last step trades 300 @ 13.
        var ticks = new[] { Tick(0, 10m, 1_000m), Tick(10, 15m, null), Tick(20, 11m, 900m), Tick(30, 13m, 1_200m) };

        var segment = Segment.Of(ticks)!;

        Assert.Equal((4, 15m), (segment.Count, segment.High));
        Assert.Equal(300m, segment.DeltaVolume);
        Assert.Equal(13m, segment.Vwap);
    }

    [Fact]
    public void Without_any_volume_there_is_no_vwap()
    {
        var segment = Segment.Of([Tick(0, 10m, null), Tick(10, 11m, null)])!;

        Assert.Null(segment.Vwap);
        Assert.Null(segment.FirstVolume);
    }

    private static Tick Tick(int seconds, decimal price, decimal? volume)
    {
        var at = Open.AddSeconds(seconds);
        return new Tick($"id{seconds}", at, price, volume, $"{at:O}|shard|{seconds:D10}");
    }
}
