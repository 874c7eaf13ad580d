using System.Globalization;
using System.Net.Http.Json;
using StockMonitor.Pricing.Api;
using StockMonitor.Pricing.Quotes;

namespace StockMonitor.Pricing.Tests.Statistics;

/// <summary>
/// Day statistics computed by the service from quotes fed through the bus, against a scenario worked by hand:
/// NVDA on Friday 2026-11-27 from 09:30 to 10:40:30 in New York (times below in UTC), cumulative day volumes, with
/// gaps (no quote from 15:31:05 to 15:39:10, among others) and one quote (L) that arrives last although observed
/// at 15:05:40:
/// <code>
///      time      price   volume   ΔV      p·ΔV
///   1  14:30:00  100.00  10,000   —       —        the day's first tick: the volume starts here
///   2  14:30:40  100.40  10,400   400     40,160
///   3  14:40:15  100.20  11,000   600     60,120
///   4  14:40:50  100.80  11,300   300     30,240
///   5  15:05:10  101.50  12,300   1,000   101,500
///   L  15:05:40  102.10  12,800   500     51,050   (late)
///   6  15:25:20   99.90  13,000   200     19,980   (without L: 700, 69,930)
///   7  15:31:05  100.30  13,200   200     20,060
///   8  15:39:10  100.60  13,500   300     30,180
///   9  15:40:30  101.00  13,700   200     20,200
/// </code>
/// </summary>
public class DayStatisticsTests
{
    private const string Symbol = "NVDA";
    private static readonly DateTimeOffset Day = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static readonly (DateTimeOffset At, decimal Price, decimal Volume)[] InTime =
    [
        (At(14, 30, 0), 100.00m, 10_000m),
        (At(14, 30, 40), 100.40m, 10_400m),
        (At(14, 40, 15), 100.20m, 11_000m),
        (At(14, 40, 50), 100.80m, 11_300m),
        (At(15, 5, 10), 101.50m, 12_300m),
        (At(15, 25, 20), 99.90m, 13_000m),
        (At(15, 31, 5), 100.30m, 13_200m),
        (At(15, 39, 10), 100.60m, 13_500m),
        (At(15, 40, 30), 101.00m, 13_700m),
    ];

    private static readonly (DateTimeOffset At, decimal Price, decimal Volume) Late = (At(15, 5, 40), 102.10m, 12_800m);

    [Fact]
    public async Task Statistics_are_the_vwap_returns_across_gaps_volatility_and_range_of_the_day()
    {
        await using var host = await PricingHost.StartAsync();
        await FeedAsync(host, new QuoteFeed(host), statisticsOf: 9, InTime);

        var quote = await host.Client.GetFromJsonAsync<LatestQuote>(new Uri($"/api/quotes/{Symbol}", UriKind.Relative));

        // VWAP of ticks 1–9: Σ p·ΔV / Σ ΔV = 372,390 / 3,700 = 100.6459459… → 6 places.
        Assert.Equal(100.645946m, quote!.Vwap);
        // Returns of the last price, 101.00 at 15:40:30, against the last price at or before 15:40:30 − w:
        //   1m  15:39:30 → tick 8 (15:39:10) 100.60: 101 / 100.6 − 1 = 0.00397614314…
        //   5m  15:35:30 → nothing since 15:31:05, so tick 7 100.30, across the gap: 101 / 100.3 − 1 = 0.00697906281…
        //   15m 15:25:30 → tick 6 (15:25:20) 99.90: 101 / 99.9 − 1 = 0.01101101101…
        //   1h  14:40:30 → tick 3 (14:40:15) 100.20, not tick 4 (14:40:50) of the same minute: 101 / 100.2 − 1 = 0.00798403194…
        Assert.Equal((0.0039761431m, 0.0069790628m, 0.0110110110m, 0.0079840319m), (quote.Return1m, quote.Return5m, quote.Return15m, quote.Return1h));
        // Volatility of the minute closes 14:40 to 15:40 (61 minutes, each carried forward over the empty ones):
        //   100.80 ×25 (14:40–15:04), 101.50 ×20 (15:05–15:24), 99.90 ×6 (15:25–15:30), 100.30 ×8 (15:31–15:38),
        //   100.60 (15:39), 101.00 (15:40).
        // 60 log returns, 55 of them 0, the others ln(101.5/100.8) = 0.0069204428, ln(99.9/101.5) = −0.0158891128,
        //   ln(100.3/99.9) = 0.0039960093, ln(100.6/100.3) = 0.0029865627, ln(101/100.6) = 0.0039682592.
        // Σr = ln(101/100.8) = 0.0019821612, mean 0.0000330360; Σr² = 0.0003409912;
        //   sample variance (Σr² − 60·mean²) / 59 = (0.0003409912 − 0.0000000655) / 59 = 0.0000057784;
        //   stdev 0.0024038306 × √(252 × 390) = 0.0024038306 × 313.496411 = 0.753592.
        Assert.Equal(0.753592m, quote.Volatility1h);
        Assert.Equal((100.00m, 101.50m, 99.90m), (quote.DayOpen, quote.DayHigh, quote.DayLow));
        Assert.Equal(("2026-11-27", 9), (quote.StatsDay, quote.StatsQuoteCount));
    }

    [Fact]
    public async Task A_late_quote_changes_the_bars_and_vwap_exactly_as_if_it_had_come_in_order()
    {
        await using var host = await PricingHost.StartAsync();
        var feed = new QuoteFeed(host);
        await FeedAsync(host, feed, statisticsOf: 9, InTime);
        var before = await host.Client.GetFromJsonAsync<LatestQuote>(new Uri($"/api/quotes/{Symbol}", UriKind.Relative));

        await FeedAsync(host, feed, statisticsOf: 10, Late);

        var after = await host.Client.GetFromJsonAsync<LatestQuote>(new Uri($"/api/quotes/{Symbol}", UriKind.Relative));
        var minutes = await host.Client.GetFromJsonAsync<List<BarView>>(BarsUri("1m", At(14, 0, 0), At(16, 0, 0)));
        var hours = await host.Client.GetFromJsonAsync<List<BarView>>(BarsUri("1h", At(14, 0, 0), At(16, 0, 0)));

        Assert.Equal(100.645946m, before!.Vwap);
        // With L: Σ p·ΔV = 372,390 − 69,930 + 51,050 + 19,980 = 373,490 over the same 3,700: 100.9432432… → 6 places.
        Assert.Equal(100.943243m, after!.Vwap);
        // L is not the newest quote, so the latest price stays tick 9's and the returns do not move.
        Assert.Equal((101.00m, At(15, 40, 30)), (after.Price, after.ObservedAt));
        Assert.Equal((0.0039761431m, 0.0069790628m, 0.0110110110m, 0.0079840319m), (after.Return1m, after.Return5m, after.Return15m, after.Return1h));
        // The 15:05–15:24 closes are now 102.10: ln(102.1/100.8) = 0.0128143695 and ln(99.9/102.1) = −0.0217830395 replace
        //   the first two returns above; Σr is unchanged, Σr² = 0.0006793436;
        //   variance (0.0006793436 − 0.0000000655) / 59 = 0.0000115132; stdev 0.0033931090 × 313.496411 = 1.063727.
        Assert.Equal(1.063727m, after.Volatility1h);
        Assert.Equal((100.00m, 102.10m, 99.90m), (after.DayOpen, after.DayHigh, after.DayLow));
        Assert.Equal(10, after.StatsQuoteCount);
        Assert.Equal(
            [
                new BarView(At(14, 30, 0), 100.00m, 100.40m, 100.00m, 100.40m, 400m, 2),
                new BarView(At(14, 40, 0), 100.20m, 100.80m, 100.20m, 100.80m, 900m, 2),   // 600 from 14:30:40 + 300
                new BarView(At(15, 5, 0), 101.50m, 102.10m, 101.50m, 102.10m, 1_500m, 2),  // 1,000 from 14:40:50 + 500 (L)
                new BarView(At(15, 25, 0), 99.90m, 99.90m, 99.90m, 99.90m, 200m, 1),       // from L's 12,800 (700 before L came)
                new BarView(At(15, 31, 0), 100.30m, 100.30m, 100.30m, 100.30m, 200m, 1),
                new BarView(At(15, 39, 0), 100.60m, 100.60m, 100.60m, 100.60m, 300m, 1),
                new BarView(At(15, 40, 0), 101.00m, 101.00m, 101.00m, 101.00m, 200m, 1),
            ],
            minutes);
        Assert.Equal(
            [
                new BarView(At(14, 0, 0), 100.00m, 100.80m, 100.00m, 100.80m, 1_300m, 4),
                new BarView(At(15, 0, 0), 101.50m, 102.10m, 99.90m, 101.00m, 2_400m, 6), // 1,000 across the hour + 500 + 200 + 200 + 300 + 200
            ],
            hours);
    }

    /// <summary>
    /// Publishes the quotes (all at once: the result must not depend on how they are batched) and waits until the
    /// statistics cover <paramref name="statisticsOf"/> quotes.
    /// </summary>
    private static async Task FeedAsync(PricingHost host, QuoteFeed feed, int statisticsOf, params (DateTimeOffset At, decimal Price, decimal Volume)[] quotes)
    {
        foreach (var (at, price, volume) in quotes)
        {
            await feed.PublishAsync(feed.Next(Symbol, price, at, volume));
        }

        await host.WaitForStatisticsAsync(Symbol, statisticsOf);
    }

    private static Uri BarsUri(string interval, DateTimeOffset from, DateTimeOffset to) =>
        new($"/api/quotes/{Symbol}/bars?interval={interval}&from={Iso(from)}&to={Iso(to)}", UriKind.Relative);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(int hour, int minute, int second) => Day.AddHours(hour).AddMinutes(minute).AddSeconds(second);
}
