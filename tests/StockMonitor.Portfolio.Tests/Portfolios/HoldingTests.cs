using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Tests.Portfolios;

public class HoldingTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 1, 5, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sell_consumes_the_oldest_lots_first_and_realizes_pnl_net_of_fees()
    {
        // Buy 10 @ 100 + 5 fees  -> lot 1: 10 sh, cost 1005
        // Buy 10 @ 120 + 5 fees  -> lot 2: 10 sh, cost 1205
        // Sell 15 @ 130, 7 fees  -> consumes lot 1 (1005) and 5/10 of lot 2 (602.5)
        //   proceeds 1950 - fees 7 - cost 1607.5 = realized 335.5
        //   left: lot 2 with 5 sh, cost 602.5 (unit 120.5)
        var holding = Holding.Empty("AAPL")
            .Buy(10, 100m, 5m, Day1)
            .Buy(10, 120m, 5m, Day1.AddDays(1))
            .Sell(15, 130m, 7m, Day1.AddDays(2))!;

        Assert.Equal(335.5m, holding.RealizedPnl);
        Assert.Equal(5m, holding.Quantity);
        Assert.Equal(602.5m, holding.OpenCost);
        Assert.Equal(120.5m, holding.AverageCost);
        var lot = Assert.Single(holding.Lots);
        Assert.Equal(Day1.AddDays(1), lot.AcquiredAt);
    }

    [Fact]
    public void Selling_everything_leaves_no_lots_and_no_open_cost()
    {
        // Buy 3 @ 10 (cost 30), sell 3 @ 9 with 1 fee: 27 - 1 - 30 = -4.
        var holding = Holding.Empty("X").Buy(3, 10m, 0m, Day1).Sell(3, 9m, 1m, Day1)!;

        Assert.Empty(holding.Lots);
        Assert.Equal(0m, holding.OpenCost);
        Assert.Equal(-4m, holding.RealizedPnl);
    }

    [Fact]
    public void Split_multiplies_every_lot_and_keeps_its_cost()
    {
        // Lot 1: 10 sh, cost 1005 (unit 100.5); lot 2: 10 sh, cost 1205 (unit 120.5).
        // 2-for-1: lot 1 20 sh, cost 1005 (unit 50.25); lot 2 20 sh, cost 1205 (unit 60.25); last trade price 120 -> 60.
        var holding = Holding.Empty("AAPL")
            .Buy(10, 100m, 5m, Day1)
            .Buy(10, 120m, 5m, Day1.AddDays(1))
            .Split(2m);

        Assert.Equal([(20m, 1005m, 50.25m), (20m, 1205m, 60.25m)], holding.Lots.Select(l => (l.Quantity, l.Cost, l.UnitCost)));
        Assert.Equal((40m, 2210m, 55.25m, 60m), (holding.Quantity, holding.OpenCost, holding.AverageCost, holding.LastTradePrice));
        Assert.Equal(0m, holding.RealizedPnl);
    }

    [Fact]
    public void Sell_after_a_split_consumes_lots_fifo_in_post_split_shares()
    {
        // Buy 10 @ 100 + 5 fees   -> lot 1: 10 sh, cost 1005
        // Buy 10 @ 120 + 5 fees   -> lot 2: 10 sh, cost 1205
        // 2-for-1 split           -> lot 1: 20 sh, cost 1005 (50.25); lot 2: 20 sh, cost 1205 (60.25)
        // Sell 25 @ 70, 7 fees    -> consumes all of lot 1 (1005) and 5/20 of lot 2 (301.25): cost 1306.25
        //   realized = 25 × 70 − 7 − 1306.25 = 1750 − 7 − 1306.25 = 436.75
        //   left: lot 2 with 15 sh, cost 1205 − 301.25 = 903.75 (unit 60.25)
        // Sell 5 @ 80, no fees    -> consumes 5/15 of lot 2 (301.25): realized 400 − 301.25 = 98.75, total 535.5
        //   left: lot 2 with 10 sh, cost 602.5 (unit 60.25)
        var afterFirstSale = Holding.Empty("AAPL")
            .Buy(10, 100m, 5m, Day1)
            .Buy(10, 120m, 5m, Day1.AddDays(1))
            .Split(2m)
            .Sell(25, 70m, 7m, Day1.AddDays(3))!;
        var afterSecondSale = afterFirstSale.Sell(5, 80m, 0m, Day1.AddDays(4))!;

        Assert.Equal(436.75m, afterFirstSale.RealizedPnl);
        var lot = Assert.Single(afterFirstSale.Lots);
        Assert.Equal((15m, 903.75m, 60.25m, Day1.AddDays(1)), (lot.Quantity, lot.Cost, lot.UnitCost, lot.AcquiredAt));
        Assert.Equal(535.5m, afterSecondSale.RealizedPnl);
        Assert.Equal((10m, 602.5m, 60.25m), (afterSecondSale.Quantity, afterSecondSale.OpenCost, afterSecondSale.AverageCost));
    }

    [Fact]
    public void Reverse_split_divides_the_quantity_and_multiplies_the_unit_cost()
    {
        // 30 sh at 2 (cost 60), 1-for-10: 3 sh at 20, cost still 60; last trade price 2 -> 20.
        var holding = Holding.Empty("X").Buy(30, 2m, 0m, Day1).Split(0.1m);

        Assert.Equal((3m, 60m, 20m, 20m), (holding.Quantity, holding.OpenCost, holding.AverageCost, holding.LastTradePrice));
    }

    [Fact]
    public void Sell_of_more_than_held_is_refused_and_changes_nothing()
    {
        var holding = Holding.Empty("X").Buy(3, 10m, 0m, Day1);

        var sold = holding.Sell(3.0001m, 10m, 0m, Day1);

        Assert.Null(sold);
        Assert.Equal(3m, holding.Quantity);
    }

    [Fact]
    public void Dividend_accumulates_without_touching_the_lots()
    {
        var holding = Holding.Empty("X").Buy(3, 10m, 0m, Day1).Dividend(1.5m).Dividend(2m);

        Assert.Equal((3.5m, 30m, 0m), (holding.Dividends, holding.OpenCost, holding.RealizedPnl));
    }
}
