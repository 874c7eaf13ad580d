using System.Net;
using System.Text.Json;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Tests.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Correctness;

/// <summary>The two time-weighted cases of <see cref="ReturnCasesTests"/> end to end: recorded over the API, priced by pricing's stand-in.</summary>
public class ReturnCasesApiTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 1, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_a_deposit_lands_mid_day_before_a_large_move_then_the_performance_api_chains_the_sub_periods()
    {
        // Arrange: as in ReturnCasesTests: 10000 → 11000 just before the deposit of 11000 at 12:00 (0.1),
        // 22000 → 200 × 165 = 33000 at the day's end (0.5): TWR 1.1 × 1.5 − 1 = 0.65; MWR 0.8171721814.
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 10_000m, At(5, 10))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 100, 100m, 0m, At(5, 10), symbol: "CASE.TWR")).ViewAsync();
        await (await api.Client.DepositAsync(id, 11_000m, At(6, 12))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 100, 110m, 0m, At(6, 12), symbol: "CASE.TWR")).ViewAsync();
        api.Pricing.HourBars["CASE.TWR"] = [new(At(5, 20), 100m), new(At(6, 10), 110m), new(At(6, 15), 165m)];

        // Act
        var response = await api.Client.GetAsync(Url(PathOf(id, "/performance?from=2026-01-06&to=2026-01-06")));

        // Assert
        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        Assert.Equal((10_000m, 33_000m, 11_000m), (report.StartValue, report.EndValue, report.NetFlows));
        Assert.Equal((0.65m, 0.8171721814m), (report.TimeWeightedReturn, report.MoneyWeightedReturn));
    }

    [Fact]
    public async Task When_a_withdrawal_empties_the_portfolio_and_a_later_deposit_refills_it_then_the_performance_api_chains_across_the_zero()
    {
        // Arrange: as in ReturnCasesTests: Jan 6 +0.1 up to the withdrawal that empties it, Jan 7 nothing,
        // Jan 8 −0.1 from the deposit, Jan 9 +0.1: TWR 1.1 × 0.9 × 1.1 − 1 = 0.089.
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, At(5, 9))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 100m, 0m, At(5, 9), symbol: "CASE.ZERO")).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 10, 110m, 0m, At(6, 11, 30), symbol: "CASE.ZERO")).ViewAsync();
        await (await api.Client.WithdrawAsync(id, 1_100m, At(6, 12))).ViewAsync();
        await (await api.Client.DepositAsync(id, 500m, At(8, 12))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 5, 100m, 0m, At(8, 12), symbol: "CASE.ZERO")).ViewAsync();
        api.Pricing.HourBars["CASE.ZERO"] = [new(At(6, 10), 110m), new(At(8, 15), 90m), new(At(9, 15), 99m)];

        // Act
        var response = await api.Client.GetAsync(Url(PathOf(id, "/performance?from=2026-01-06&to=2026-01-09")));

        // Assert
        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        Assert.Equal([0.1m, null, -0.1m, 0.1m], report.Series.Select(d => d.DailyReturn));
        Assert.Equal([0m, 0m, 450m, 495m], report.Series.Select(d => d.Value));
        Assert.Equal(0.089m, report.TimeWeightedReturn);
    }
}
