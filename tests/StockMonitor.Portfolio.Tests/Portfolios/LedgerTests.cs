using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Tests.Portfolios;

public class LedgerTests
{
    private static DateTimeOffset Day(int day) => new(2026, 1, day, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Replay_keeps_cash_fees_dividends_and_flows_to_the_cent()
    {
        // Deposit 3000.
        // Buy 10 @ 100 + 5      cash 3000 − 1005 = 1995
        // Buy 10 @ 120 + 5      cash 1995 − 1205 = 790
        // 2-for-1 split         cash unchanged
        // Sell 25 @ 70 − 7      cash 790 + 1750 − 7 = 2533; realized 436.75 (HoldingTests)
        // Dividend 15           cash 2548
        // Fee 3                 cash 2545
        // Withdraw 500          cash 2045
        // Fees 5 + 5 + 7 + 3 = 20; dividends 15; deposits 3000; withdrawals 500.
        var movements = new[]
        {
            Deposit(0, Day(1), 3_000m),
            Buy(1, Day(2), 10, 100m, 5m),
            Buy(2, Day(3), 10, 120m, 5m),
            Split(3, Day(4), 2m),
            Sell(4, Day(5), 25, 70m, 7m),
            Dividend(5, Day(6), 15m),
            Fee(6, Day(7), 3m),
            Withdraw(7, Day(8), 500m),
        };

        var (ledger, violation) = Ledger.Replay(movements);

        Assert.Null(violation);
        Assert.Equal((2_045m, 20m, 15m, 3_000m, 500m), (ledger.Cash, ledger.Fees, ledger.Dividends, ledger.Deposits, ledger.Withdrawals));
        var holding = ledger.HoldingOf("AAPL");
        Assert.Equal((15m, 903.75m, 60.25m, 436.75m, 15m), (holding.Quantity, holding.OpenCost, holding.AverageCost, holding.RealizedPnl, holding.Dividends));
        Assert.Equal(Day(8), ledger.LastAt);
    }

    [Fact]
    public void Replay_orders_by_time_so_a_back_dated_buy_is_the_oldest_lot_a_recorded_sale_consumes()
    {
        // Recorded: deposit 5000 (day 1), buy 10 @ 100 (day 10), sell 5 @ 150 (day 20), then buy 10 @ 80 back-dated to day 5.
        // In recording order the sale would consume the day-10 lot: 750 − 500 = 250 realized.
        // In time order the day-5 lot is the oldest: 750 − 5 × 80 = 350 realized;
        // left: 5 of the day-5 lot (cost 400) then the day-10 lot (10, cost 1000): 15 shares costing 1400.
        // Cash either way: 5000 − 1000 + 750 − 800 = 3950.
        var recorded = new[]
        {
            Deposit(0, Day(1), 5_000m),
            Buy(1, Day(10), 10, 100m, 0m),
            Sell(2, Day(20), 5, 150m, 0m),
        };
        var backDated = Buy(3, Day(5), 10, 80m, 0m);

        var before = Ledger.Replay(recorded).Ledger.HoldingOf("AAPL");
        var (after, violation) = Ledger.Replay([.. recorded, backDated]);

        Assert.Equal(250m, before.RealizedPnl);
        Assert.Null(violation);
        var holding = after.HoldingOf("AAPL");
        Assert.Equal(350m, holding.RealizedPnl);
        Assert.Equal([(5m, 400m, Day(5)), (10m, 1_000m, Day(10))], holding.Lots.Select(l => (l.Quantity, l.Cost, l.AcquiredAt)));
        Assert.Equal((15m, 1_400m, 3_950m), (holding.Quantity, holding.OpenCost, after.Cash));
    }

    [Fact]
    public void Replay_of_the_same_movements_in_any_order_gives_the_same_ledger()
    {
        var movements = new[]
        {
            Deposit(0, Day(1), 1_000m),
            Buy(1, Day(2), 4, 50m, 1m),
            Split(2, Day(3), 3m),
            Sell(3, Day(4), 5, 20m, 1m),
            Dividend(4, Day(5), 2m),
        };

        var forward = Ledger.Replay(movements).Ledger;
        var backward = Ledger.Replay(Enumerable.Reverse(movements)).Ledger;

        Assert.Equal(
            (forward.Cash, forward.HoldingOf("AAPL").Quantity, forward.HoldingOf("AAPL").RealizedPnl),
            (backward.Cash, backward.HoldingOf("AAPL").Quantity, backward.HoldingOf("AAPL").RealizedPnl));
        // 1000 − 201 + 100 − 1 + 2 = 900; 12 shares after the split, 7 left; realized 100 − 1 − 5/12 × 201 = 15.25.
        Assert.Equal((900m, 7m, 15.25m), (forward.Cash, forward.HoldingOf("AAPL").Quantity, forward.HoldingOf("AAPL").RealizedPnl));
    }

    [Fact]
    public void Movements_at_the_same_instant_replay_in_the_order_recorded()
    {
        // A deposit and a buy at the same instant: recorded deposit first, the buy has the cash.
        var movements = new[] { Buy(1, Day(2), 1, 100m, 0m), Deposit(0, Day(2), 100m) };

        var (ledger, violation) = Ledger.Replay(movements);

        Assert.Null(violation);
        Assert.Equal(0m, ledger.Cash);
    }

    [Fact]
    public void Replay_reports_the_later_movement_a_back_dated_withdrawal_breaks()
    {
        // Deposit 1000 (day 1), buy 8 @ 100 (day 10). A withdrawal of 300 on day 5 leaves 700 for the buy of 800.
        var movements = new[] { Deposit(0, Day(1), 1_000m), Buy(1, Day(10), 8, 100m, 0m), Withdraw(2, Day(5), 300m) };

        var (ledger, violation) = Ledger.Replay(movements);

        Assert.NotNull(violation);
        Assert.Equal(("Not enough cash", 1L), (violation.Title, violation.Sequence));
        Assert.Contains("has 700 in cash", violation.Detail, StringComparison.Ordinal);
        Assert.Equal(-100m, ledger.Cash);
    }

    [Fact]
    public void Replay_reports_a_sale_of_shares_not_held_at_its_time()
    {
        var movements = new[] { Deposit(0, Day(1), 1_000m), Buy(1, Day(10), 5, 10m, 0m), Sell(2, Day(9), 5, 10m, 0m) };

        var (ledger, violation) = Ledger.Replay(movements);

        Assert.Equal(("Not enough shares", 2L), (violation!.Title, violation.Sequence));
        Assert.Equal(5m, ledger.HoldingOf("AAPL").Quantity);
    }

    [Fact]
    public void Sale_fees_larger_than_cash_and_proceeds_are_reported()
    {
        // Cash 0 after buying; selling 1 @ 1 with 2 in fees leaves cash at −1.
        var movements = new[] { Deposit(0, Day(1), 10m), Buy(1, Day(2), 10, 1m, 0m), Sell(2, Day(3), 1, 1m, 2m) };

        var (_, violation) = Ledger.Replay(movements);

        Assert.Equal(("Not enough cash", 2L), (violation!.Title, violation.Sequence));
    }

    [Fact]
    public void Split_of_a_symbol_not_held_changes_nothing()
    {
        var (ledger, violation) = Ledger.Replay([Deposit(0, Day(1), 10m), Split(1, Day(2), 2m)]);

        Assert.Null(violation);
        Assert.Empty(ledger.Holdings);
    }

    [Fact]
    public void Before_an_instant_counts_only_what_happened_strictly_earlier()
    {
        var movements = new[] { Deposit(0, Day(1), 100m), Deposit(1, Day(2), 50m) };

        Assert.Equal(100m, Ledger.Before(movements, Day(2)).Cash);
        Assert.Equal(150m, Ledger.Before(movements, Day(2).AddTicks(1)).Cash);
    }

    private static Movement Deposit(long sequence, DateTimeOffset at, decimal amount) => new(sequence, MovementKind.Deposit, at, null, 0m, 0m, 0m, amount);

    private static Movement Withdraw(long sequence, DateTimeOffset at, decimal amount) => new(sequence, MovementKind.Withdrawal, at, null, 0m, 0m, 0m, amount);

    private static Movement Fee(long sequence, DateTimeOffset at, decimal amount) => new(sequence, MovementKind.Fee, at, null, 0m, 0m, 0m, amount);

    private static Movement Buy(long sequence, DateTimeOffset at, decimal quantity, decimal price, decimal fees) =>
        new(sequence, MovementKind.Buy, at, "AAPL", quantity, price, fees, 0m);

    private static Movement Sell(long sequence, DateTimeOffset at, decimal quantity, decimal price, decimal fees) =>
        new(sequence, MovementKind.Sell, at, "AAPL", quantity, price, fees, 0m);

    private static Movement Dividend(long sequence, DateTimeOffset at, decimal amount) => new(sequence, MovementKind.Dividend, at, "AAPL", 0m, 0m, 0m, amount);

    private static Movement Split(long sequence, DateTimeOffset at, decimal ratio) => new(sequence, MovementKind.Split, at, "AAPL", ratio, 0m, 0m, 0m);
}
