using System.Globalization;
using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Tests.Valuation;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Correctness;

/// <summary>
/// Returns the peers get wrong, worked by hand (domain.md): a portfolio folded from its events, valued by
/// <see cref="PerformanceService"/> from hour closes served by a scripted pricing API (a close counts from the end of
/// its hour; without one, the last trade's price), UTC days.
/// </summary>
public class ReturnCasesTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-0000000c0001");

    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 1, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_a_deposit_lands_mid_day_before_a_large_move_then_twr_chains_the_sub_periods()
    {
        // Arrange: fully invested in one stock all the time, so the time-weighted return must be the stock's own return.
        // Jan 5 10:00  deposit 10000, buy 100 @ 100                        cash 0, 100 shares
        // Jan 6 11:00  close 110 (bar 10:00–11:00)
        // Jan 6 12:00  deposit 11000, buy 100 @ 110                        cash 0, 200 shares
        // Jan 6 16:00  close 165 (bar 15:00–16:00): the large move, after the deposit
        // Period Jan 6: start (00:00) 100 × 100 = 10000; just before the deposit 100 × 110 = 11000;
        //               just after it 11000 + 11000 = 22000; end (Jan 7 00:00) 200 × 165 = 33000.
        // TWR: r1 = 11000 / 10000 − 1 = 0.1;  r2 = 33000 / 22000 − 1 = 0.5;  1.1 × 1.5 − 1 = 0.65 (= 165 / 100 − 1).
        // (One Modified Dietz over the day, w = 0.5: (33000 − 10000 − 11000) / (10000 + 5500) = 0.7741935484, too high.)
        // MWR over the day, g = 1 + r: 10000 g + 11000 √g = 33000 → √g = (−11 + √1441) / 20 = 1.3479880948…,
        //     g − 1 = 0.8171721814287… → 0.8171721814 (more money was in for the move than at the start).
        var portfolio = Fold(
            new CashDeposited(Id, 10_000m, At(5, 10)),
            new SharesBought(Id, "TWR.A", 100, 100m, 0m, At(5, 10)),
            new CashDeposited(Id, 11_000m, At(6, 12)),
            new SharesBought(Id, "TWR.A", 100, 110m, 0m, At(6, 12)));
        var bars = new Dictionary<string, (DateTimeOffset Start, decimal Close)[]>
        {
            ["TWR.A"] = [(At(5, 20), 100m), (At(6, 10), 110m), (At(6, 15), 165m)],
        };

        // Act
        var report = await PerformanceAsync(portfolio, new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 6), bars);

        // Assert
        Assert.Equal((10_000m, 33_000m, 11_000m), (report.StartValue, report.EndValue, report.NetFlows));
        Assert.Equal([new DailyValue(new DateOnly(2026, 1, 6), 33_000m, 11_000m, 0.65m)], report.Series);
        Assert.Equal(0.65m, report.TimeWeightedReturn);
        Assert.Equal(0.8171721814m, report.MoneyWeightedReturn);
    }

    [Fact]
    public async Task When_a_dividend_is_paid_in_cash_then_it_is_income_not_an_external_flow()
    {
        // Arrange
        // Jan 5 10:00  deposit 5000, buy 100 @ 50                           cash 0, 100 shares
        // Jan 6 12:00  dividend 100 in cash (1 a share)                     cash 100
        // Jan 6 15:00  close 49.5 (bar 14:00–15:00): the stock goes ex-dividend
        // Period Jan 6: start 100 × 50 = 5000; end 100 × 49.5 + 100 cash = 5050; no external flow in the day.
        // TWR = MWR = 5050 / 5000 − 1 = 0.01: the dividend is return. Counting it as a deposit would give
        // 5050 / (5000 + 100) − 1 = −0.0098; leaving its cash out of the value, 4950 / 5000 − 1 = −0.01.
        var portfolio = Fold(
            new CashDeposited(Id, 5_000m, At(5, 10)),
            new SharesBought(Id, "DIV.A", 100, 50m, 0m, At(5, 10)),
            new DividendReceived(Id, "DIV.A", 100m, At(6, 12)));
        var bars = new Dictionary<string, (DateTimeOffset Start, decimal Close)[]> { ["DIV.A"] = [(At(6, 14), 49.5m)] };

        // Act
        var report = await PerformanceAsync(portfolio, new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 6), bars);

        // Assert
        Assert.Equal((5_000m, 100m, 100m), (portfolio.Ledger.Deposits, portfolio.Ledger.Dividends, portfolio.Ledger.Cash));
        Assert.Equal([new DailyValue(new DateOnly(2026, 1, 6), 5_050m, 0m, 0.01m)], report.Series);
        Assert.Equal(0m, report.NetFlows);
        Assert.Equal(0.01m, report.TimeWeightedReturn);
        Assert.Equal(0.01m, report.MoneyWeightedReturn);
    }

    [Fact]
    public async Task When_a_withdrawal_empties_the_portfolio_and_a_later_deposit_refills_it_then_twr_chains_across_the_zero()
    {
        // Arrange
        // Jan 5 09:00  deposit 1000, buy 10 @ 100                           cash 0, 10 shares
        // Jan 6 11:00  close 110 (bar 10:00–11:00)
        // Jan 6 11:30  sell 10 @ 110                                        cash 1100, no shares
        // Jan 6 12:00  withdraw 1100                                        empty
        // Jan 8 12:00  deposit 500, buy 5 @ 100                             cash 0, 5 shares
        // Jan 8 16:00  close 90;  Jan 9 16:00  close 99
        // Jan 6: 1000 (10 × 100) → 1100 just before the withdrawal: r = 0.1; then 0 → 0: nothing at work, left out.
        // Jan 7: 0 → 0: no return.
        // Jan 8: 0 → 0 before the deposit (left out); 500 just after → 5 × 90 = 450 at the end: r = −0.1.
        // Jan 9: 450 → 5 × 99 = 495: r = 0.1.
        // TWR = 1.1 × 0.9 × 1.1 − 1 = 0.089. (One Modified Dietz per day would give Jan 6 (0 − 1000 + 1100) /
        // (1000 − 0.5 × 1100) = 0.2222 and Jan 8 (450 − 500) / (0.5 × 500) = −0.2.)
        // MWR: −1000 at 0 d, +1100 at 0.5 d, −500 at 2.5 d, +495 at 4 d; three sign changes but one root, solved
        // with mpmath.findroot (40 digits) for the 4-day growth G: G − 1 = 0.418893482106248… → 0.4188934821.
        var portfolio = Fold(
            new CashDeposited(Id, 1_000m, At(5, 9)),
            new SharesBought(Id, "ZERO.A", 10, 100m, 0m, At(5, 9)),
            new SharesSold(Id, "ZERO.A", 10, 110m, 0m, At(6, 11, 30)),
            new CashWithdrawn(Id, 1_100m, At(6, 12)),
            new CashDeposited(Id, 500m, At(8, 12)),
            new SharesBought(Id, "ZERO.A", 5, 100m, 0m, At(8, 12)));
        var bars = new Dictionary<string, (DateTimeOffset Start, decimal Close)[]>
        {
            ["ZERO.A"] = [(At(6, 10), 110m), (At(8, 15), 90m), (At(9, 15), 99m)],
        };

        // Act
        var report = await PerformanceAsync(portfolio, new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 9), bars);

        // Assert
        Assert.Equal(
            [
                new DailyValue(new DateOnly(2026, 1, 6), 0m, -1_100m, 0.1m),
                new DailyValue(new DateOnly(2026, 1, 7), 0m, 0m, null),
                new DailyValue(new DateOnly(2026, 1, 8), 450m, 500m, -0.1m),
                new DailyValue(new DateOnly(2026, 1, 9), 495m, 0m, 0.1m),
            ],
            report.Series);
        Assert.Equal((1_000m, 495m, -600m), (report.StartValue, report.EndValue, report.NetFlows));
        Assert.Equal(0.089m, report.TimeWeightedReturn);
        Assert.Equal(0.4188934821m, report.MoneyWeightedReturn);
    }

    private static PortfolioState Fold(params object[] events) =>
        PortfolioState.Fold([new PortfolioOpened(Id, "Cases", "demo", "USD", At(1, 0)), .. events]);

    /// <summary>The performance report with pricing's API answering the given hour bars (bucket start, close) per symbol.</summary>
    private static async Task<PerformanceReport> PerformanceAsync(
        PortfolioState portfolio, DateOnly from, DateOnly to, Dictionary<string, (DateTimeOffset Start, decimal Close)[]> bars)
    {
        using var handler = new ScriptedPricingHandler(request =>
        {
            // /api/quotes/{symbol}/bars: every bar of the symbol; the service picks the last close at or before each instant.
            var symbol = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath.Split('/')[3]);
            return bars.TryGetValue(symbol, out var series)
                ? ScriptedPricingHandler.Json(JsonSerializer.Serialize(series.Select(b => new PricingBar(b.Start, b.Close)), JsonSerializerOptions.Web))
                : ScriptedPricingHandler.Json("""{"title":"Unknown symbol","status":404}""", HttpStatusCode.NotFound);
        });
        using var http = handler.Client();
        var now = new FakeTimeProvider(DateTimeOffset.Parse("2026-02-01T00:00:00Z", CultureInfo.InvariantCulture));
        // Never opened: a state folded in memory carries its history, so the service does not read the stream.
        using var store = DocumentStore.For("Host=never-opened.invalid");
        var service = new PerformanceService(store, new PriceHistory(new PricingClient(http)), new LivePrices(), now);
        return await service.CalculateAsync(portfolio, from, to, CancellationToken.None);
    }
}
