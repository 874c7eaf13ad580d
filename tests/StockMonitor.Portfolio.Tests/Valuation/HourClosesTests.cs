using System.Net;
using System.Text.Json;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Tests.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>Past values come from the hour closes pricing's API serves (here its stand-in), read in pages it accepts.</summary>
public class HourClosesTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Performance_values_holdings_at_the_last_hour_close_that_ended_by_each_day_end()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(2, 10))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 50m, 0m, Day(3, 10), symbol: "HCV.A")).ViewAsync();
        api.Pricing.HourBars["HCV.A"] =
        [
            new(At(2026, 1, 3, 20), 70m),
            new(At(2026, 1, 4, 12), 60m),
            // Its hour ends at midnight exactly: the close is known at the end of Jan 4.
            new(At(2026, 1, 4, 23), 80m),
        ];

        var response = await api.Client.GetAsync(Url(PathOf(id, "/performance?from=2026-01-01&to=2026-01-04")));

        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        // Jan 1 nothing; Jan 2 cash 1000; Jan 3 cash 500 + 10 × 70; Jan 4 cash 500 + 10 × 80.
        Assert.Equal([0m, 1_000m, 1_200m, 1_300m], report.Series.Select(d => d.Value));
    }

    [Fact]
    public async Task Performance_over_more_hours_than_one_bars_request_allows_reads_the_closes_in_pages()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, At(2025, 5, 20, 10))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 30m, 0m, At(2025, 5, 21, 10), symbol: "HCV.B")).ViewAsync();
        api.Pricing.HourBars["HCV.B"] = [new(At(2025, 5, 25, 15), 40m), new(At(2026, 1, 3, 15), 90m)];

        // From 2025-05-22 (10 days of look-back) to 2026-01-05: 5,448 hours, more than the 5,000 bars pricing answers at once.
        var response = await api.Client.GetAsync(Url(PathOf(id, "/performance?from=2025-06-01&to=2026-01-04")));

        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        Assert.Equal((700m + 400m, 700m + 900m), (report.StartValue, report.EndValue));
        Assert.Equal(2, api.Pricing.Requests.Count(r => r.StartsWith("/api/quotes/HCV.B/bars", StringComparison.Ordinal)));
    }
}
