using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Correctness;

/// <summary>
/// Cost basis the peers get wrong, worked by hand (domain.md): FIFO lots with fees in their cost, average cost =
/// open cost ÷ open quantity, splits multiplying only the lots open at their time. Folded from events, as the service does.
/// </summary>
public class CostBasisCasesTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-0000000c0002");

    private static DateTimeOffset Day(int day) => new(2026, 1, day, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void When_several_buys_at_different_prices_are_partly_sold_then_fifo_realizes_and_average_cost_is_of_what_is_left()
    {
        // Arrange
        // Deposit 10000.
        // Buy 10 @ 100 + 1 fee    lot A: 10 costing 1001
        // Buy 20 @ 120 + 2 fee    lot B: 20 costing 2402
        // Buy 10 @  90 + 1 fee    lot C: 10 costing  901       40 shares costing 4304, average 107.6
        // Sell 25 @ 130 − 5 fee   FIFO consumes A (1001) and 15 of B (2402 × 15/20 = 1801.5): 2802.5
        //                         realized = 3250 − 5 − 2802.5 = 442.5
        // Left: 5 of B costing 600.5 (120.1 each) and C, 10 costing 901 (90.1 each): 15 shares costing 1501.5,
        //       average cost 1501.5 / 15 = 100.1 (not the 107.6 from before the sale: average-cost accounting would have
        //       realized 3245 − 25 × 107.6 = 555 and kept 15 × 107.6 = 1614).
        // Cash 10000 − 1001 − 2402 − 901 + 3245 = 8941.
        // At a live price of 110 (previous close 108): market value 1650, unrealized 1650 − 1501.5 = 148.5,
        //       day change 15 × (110 − 108) = 30.
        var portfolio = Fold(
            new CashDeposited(Id, 10_000m, Day(1)),
            new SharesBought(Id, "FIFO.A", 10, 100m, 1m, Day(2)),
            new SharesBought(Id, "FIFO.A", 20, 120m, 2m, Day(3)),
            new SharesBought(Id, "FIFO.A", 10, 90m, 1m, Day(4)),
            new SharesSold(Id, "FIFO.A", 25, 130m, 5m, Day(5)));
        var prices = new LivePrices();
        prices.Update(new LivePrice("FIFO.A", 110m, 108m, Day(6)));

        // Act
        var holding = Assert.Single(new PortfolioViews(prices).Of(portfolio).Holdings);

        // Assert
        Assert.Equal(
            [new LotView(5m, 120.1m, 600.5m, Day(3)), new LotView(10m, 90.1m, 901m, Day(4))],
            holding.Lots);
        Assert.Equal((15m, 1_501.5m, 100.1m, 442.5m), (holding.Quantity, holding.OpenCost, holding.AverageCost, holding.RealizedPnl));
        Assert.Equal((1_650m, 148.5m, (decimal?)30m), (holding.MarketValue, holding.UnrealizedPnl, holding.DayChange));
        Assert.Equal((8_941m, 9m), (portfolio.Ledger.Cash, portfolio.Ledger.Fees));
    }

    [Fact]
    public void When_a_buy_is_back_dated_before_an_existing_sell_then_the_sell_consumes_it_first()
    {
        // Arrange: recorded in this order:
        // Day 1  deposit 5000
        // Day 10 buy 10 @ 100                                     lot day 10: 10 costing 1000
        // Day 20 sell 8 @ 120: consumes 8 of the day-10 lot       realized 960 − 800 = 160; left 2 costing 200
        // Then a buy of 5 @ 80 + 2 fee executed on day 5 is recorded: lot day 5, 5 costing 402, older than the day-10 lot.
        // In time order the day-20 sale consumes the day-5 lot (402) and 3 of the day-10 lot (300): 702;
        //   realized 960 − 702 = 258; left 7 of the day-10 lot costing 700 (average 100).
        // Cash 5000 − 402 − 1000 + 960 = 4558; on day 7 (before the day-10 buy) 5000 − 402 = 4598 with 5 shares.
        var recorded = Fold(
            new CashDeposited(Id, 5_000m, Day(1)),
            new SharesBought(Id, "BACK.A", 10, 100m, 0m, Day(10)),
            new SharesSold(Id, "BACK.A", 8, 120m, 0m, Day(20)));
        var realizedBefore = recorded.Ledger.HoldingOf("BACK.A").RealizedPnl;

        // Act: as the command path does, the back-dated buy is checked against every later movement, then applied.
        var backDated = new SharesBought(Id, "BACK.A", 5, 80m, 2m, Day(5));
        recorded.EnsureAllowed(backDated);
        var portfolio = recorded.After(backDated);

        // Assert
        var holding = portfolio.Ledger.HoldingOf("BACK.A");
        Assert.Equal(160m, realizedBefore);
        Assert.Equal(258m, holding.RealizedPnl);
        Assert.Equal([(7m, 700m, Day(10))], holding.Lots.Select(l => (l.Quantity, l.Cost, l.AcquiredAt)));
        Assert.Equal((7m, 700m, 100m), (holding.Quantity, holding.OpenCost, holding.AverageCost));
        Assert.Equal((4_558m, 2m), (portfolio.Ledger.Cash, portfolio.Ledger.Fees));
        var onDay7 = Ledger.Before(portfolio.History!, Day(7));
        Assert.Equal((4_598m, 5m), (onDay7.Cash, onDay7.HoldingOf("BACK.A").Quantity));
    }

    [Fact]
    public void When_a_split_falls_between_two_buys_then_only_the_earlier_lot_is_split()
    {
        // Arrange
        // Day 1 deposit 10000
        // Day 2 buy 10 @ 300          lot 1: 10 costing 3000
        // Day 3 3-for-1 split         lot 1: 30 costing 3000 (100 each); last trade price 300 / 3 = 100, so the value
        //                             at the trade price stays 30 × 100 = 3000
        // Day 4 buy 20 @ 110          lot 2: 20 costing 2200 (not split: bought after it)   50 shares costing 5200, average 104
        // Day 5 sell 35 @ 120         FIFO: lot 1 (3000) and 5 of lot 2 (2200 × 5/20 = 550): 3550; realized 4200 − 3550 = 650
        // Left: 15 of lot 2 costing 1650 (110 each). Cash 10000 − 3000 − 2200 + 4200 = 9000.
        // The same whether the split is recorded in its place or last, back-dated to day 3.
        object[] beforeSplit =
        [
            new CashDeposited(Id, 10_000m, Day(1)),
            new SharesBought(Id, "SPLIT.A", 10, 300m, 0m, Day(2)),
        ];
        var split = new StockSplit(Id, "SPLIT.A", 3m, Day(3));
        object[] afterSplit =
        [
            new SharesBought(Id, "SPLIT.A", 20, 110m, 0m, Day(4)),
            new SharesSold(Id, "SPLIT.A", 35, 120m, 0m, Day(5)),
        ];

        // Act
        var atSplit = Fold([.. beforeSplit, split]).Ledger.HoldingOf("SPLIT.A");
        var inPlace = Fold([.. beforeSplit, split, .. afterSplit]);
        var recordedLast = Fold([.. beforeSplit, .. afterSplit, split]);

        // Assert
        Assert.Equal([(30m, 3_000m, 100m)], atSplit.Lots.Select(l => (l.Quantity, l.Cost, l.UnitCost)));
        Assert.Equal(100m, atSplit.LastTradePrice);
        foreach (var portfolio in new[] { inPlace, recordedLast })
        {
            var holding = portfolio.Ledger.HoldingOf("SPLIT.A");
            Assert.Equal([(15m, 1_650m, Day(4))], holding.Lots.Select(l => (l.Quantity, l.Cost, l.AcquiredAt)));
            Assert.Equal((15m, 110m, 650m), (holding.Quantity, holding.AverageCost, holding.RealizedPnl));
            Assert.Equal(9_000m, portfolio.Ledger.Cash);
        }
    }

    private static PortfolioState Fold(params object[] events) =>
        PortfolioState.Fold([new PortfolioOpened(Id, "Cases", "demo", "USD", Day(1)), .. events]);
}
