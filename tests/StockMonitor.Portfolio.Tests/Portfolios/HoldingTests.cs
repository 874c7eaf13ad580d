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
}
