using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>The hand-worked numbers of the unit tests (Portfolios/), through the API.</summary>
public class ArithmeticApiTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task Fifo_across_a_split_and_partial_sells_with_dividends_and_fees()
    {
        var id = (await api.Client.OpenAsync()).Id;

        // Deposit 3000                      cash 3000
        // Buy 10 @ 100 + 5                  lot 1: 10 sh, cost 1005          cash 1995
        // Buy 10 @ 120 + 5                  lot 2: 10 sh, cost 1205          cash 790
        // 2-for-1 split                     lot 1: 20 sh (50.25), lot 2: 20 sh (60.25), costs unchanged
        // Sell 25 @ 70 − 7                  consumes lot 1 (1005) + 5/20 of lot 2 (301.25)
        //                                   realized 1750 − 7 − 1306.25 = 436.75           cash 2533
        // Dividend 15                       cash 2548
        // Fee 3                             cash 2545
        // Withdraw 500                      cash 2045
        await (await api.Client.DepositAsync(id, 3_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 100m, 5m, Day(2))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 120m, 5m, Day(3))).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/splits"), new { symbol = "AAPL", ratio = 2m, effectiveAt = Day(4) })).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 25, 70m, 7m, Day(5))).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/dividends"), new { symbol = "AAPL", amount = 15m, paidAt = Day(6) })).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/fees"), new { amount = 3m, at = Day(7) })).ViewAsync();
        await (await api.Client.WithdrawAsync(id, 500m, Day(8))).ViewAsync();

        var view = await api.Client.GetViewAsync(id);

        // Left: lot 2, 15 sh costing 903.75 (60.25 each). Valued at the last trade, 70 (no live price):
        // market value 1050, unrealized 1050 − 903.75 = 146.25, total 2045 + 1050 = 3095.
        var holding = Assert.Single(view.Holdings);
        Assert.Equal(2_045m, view.Cash);
        Assert.Equal(("AAPL", 15m, 60.25m, 903.75m, 436.75m, 15m), (holding.Symbol, holding.Quantity, holding.AverageCost, holding.OpenCost, holding.RealizedPnl, holding.Dividends));
        var lot = Assert.Single(holding.Lots);
        Assert.Equal((15m, 60.25m, 903.75m, Day(3)), (lot.Quantity, lot.UnitCost, lot.Cost, lot.AcquiredAt));
        Assert.Equal((70m, "trade", 1_050m, 146.25m, (decimal?)null), (holding.Price, holding.PriceSource, holding.MarketValue, holding.UnrealizedPnl, holding.DayChange));
        Assert.Equal(1_050m / 3_095m, holding.Weight);
        var totals = view.Totals;
        Assert.Equal((1_050m, 3_095m, 903.75m, 146.25m, 436.75m), (totals.MarketValue, totals.TotalValue, totals.OpenCost, totals.UnrealizedPnl, totals.RealizedPnl));
        // Fees 5 + 5 + 7 + 3 = 20; net deposits 3000 − 500.
        Assert.Equal((15m, 20m, 0m, 3_000m, 500m, 2_500m), (totals.Dividends, totals.Fees, totals.DayChange, totals.Deposits, totals.Withdrawals, totals.NetDeposits));

        // Sell 5 @ 80: 5/15 of lot 2 (301.25) → realized 436.75 + 400 − 301.25 = 535.5; 10 sh costing 602.5; cash 2445.
        var after = await (await api.Client.TradeAsync(id, "sell", 5, 80m, 0m, Day(9))).ViewAsync();

        var left = Assert.Single(after.Holdings);
        Assert.Equal((10m, 602.5m, 60.25m, 535.5m, 2_445m), (left.Quantity, left.OpenCost, left.AverageCost, left.RealizedPnl, after.Cash));
    }

    [Fact]
    public async Task Back_dated_buy_before_a_recorded_sell_becomes_the_lot_it_consumes()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 5_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 100m, 0m, Day(10))).ViewAsync();

        // Sell 5 @ 150 on day 20: consumes 5 of the day-10 lot, 750 − 500 = 250 realized.
        var sold = await (await api.Client.TradeAsync(id, "sell", 5, 150m, 0m, Day(20))).ViewAsync();
        // Buy 10 @ 80 back-dated to day 5: now the oldest lot, so the sale consumed 5 of it: 750 − 400 = 350.
        var backDated = await (await api.Client.TradeAsync(id, "buy", 10, 80m, 0m, Day(5))).ViewAsync();

        Assert.Equal(250m, sold.Holdings.Single().RealizedPnl);
        var holding = Assert.Single(backDated.Holdings);
        Assert.Equal(350m, holding.RealizedPnl);
        Assert.Equal([(5m, 80m, 400m, Day(5)), (10m, 100m, 1_000m, Day(10))], holding.Lots.Select(l => (l.Quantity, l.UnitCost, l.Cost, l.AcquiredAt)));
        // Cash: 5000 − 1000 + 750 − 800 = 3950. The price is still the latest trade in time, the sale at 150.
        Assert.Equal((15m, 1_400m, 3_950m, 150m), (holding.Quantity, holding.OpenCost, backDated.Cash, holding.Price));
    }
}
