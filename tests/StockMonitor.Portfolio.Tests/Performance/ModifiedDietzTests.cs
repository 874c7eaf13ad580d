using StockMonitor.Portfolio.Performance;

namespace StockMonitor.Portfolio.Tests.Performance;

public class ModifiedDietzTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2025, 3, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Return_with_one_deposit_half_way_weights_it_by_half()
    {
        // V0 = 1000, deposit 500 at 2025-03-04 00:00, half way through the 48 h period (w = 24/48 = 0.5), V1 = 1600.
        // R = (1600 − 1000 − 500) / (1000 + 0.5 × 500) = 100 / 1250 = 0.08
        var flows = new[] { new ExternalFlow(Start.AddHours(24), 500m) };

        var r = ModifiedDietz.Return(1000m, 1600m, flows, Start, End);

        Assert.Equal(0.08m, r);
    }

    [Fact]
    public void Return_with_a_withdrawal_at_three_quarters_weights_it_by_a_quarter()
    {
        // V0 = 2000, withdrawal −400 at 36 h of 48 (w = 12/48 = 0.25), V1 = 1680.
        // R = (1680 − 2000 + 400) / (2000 − 0.25 × 400) = 80 / 1900 = 0.0421052631578947368421052632 (28 digits)
        var flows = new[] { new ExternalFlow(Start.AddHours(36), -400m) };

        var r = ModifiedDietz.Return(2000m, 1680m, flows, Start, End);

        Assert.Equal(80m / 1900m, r);
    }

    [Fact]
    public void Return_without_flows_is_the_simple_return()
    {
        // (1100 − 1000 − 0) / (1000 + 0) = 0.1 = 1100 / 1000 − 1
        Assert.Equal(0.1m, ModifiedDietz.Return(1000m, 1100m, [], Start, End));
    }

    [Fact]
    public void Return_of_an_empty_portfolio_without_flows_is_undefined()
    {
        // Denominator 0 + 0 = 0: no capital was at work, so there is no return (and no division by zero).
        Assert.Null(ModifiedDietz.Return(0m, 0m, [], Start, End));
    }

    [Fact]
    public void Return_with_a_flow_outside_the_period_throws()
    {
        var flows = new[] { new ExternalFlow(End.AddTicks(1), 100m) };

        Assert.Throws<ArgumentOutOfRangeException>(() => ModifiedDietz.Return(1000m, 1100m, flows, Start, End));
    }
}
