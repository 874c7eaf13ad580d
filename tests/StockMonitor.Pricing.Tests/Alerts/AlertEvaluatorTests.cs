using StockMonitor.Contracts.Portfolios;
using StockMonitor.Pricing.Alerts;

namespace StockMonitor.Pricing.Tests.Alerts;

public class AlertEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_above_rule_fires_once_per_crossing()
    {
        var rule = Rule(AlertConditions.Above, 100m, cooldownMinutes: 0);
        var prices = new[] { 99m, 100m, 101m, 102m, 99.5m, 100.5m };

        var fired = Run(rule, prices);

        // 100 is not above 100; 101 crosses (fires), 102 stays above, 99.5 drops back, 100.5 crosses again.
        Assert.Equal([false, false, true, false, false, true], fired);
    }

    [Fact]
    public void A_crossing_inside_the_cooldown_is_absorbed()
    {
        var rule = Rule(AlertConditions.Below, 50m, cooldownMinutes: 10);

        // One price a minute: 49 fires at T0+1; back above at +2; below again at +3 is inside the cooldown.
        var fired = Run(rule, [51m, 49m, 51m, 49m, 49m, 51m, 51m, 51m, 51m, 51m, 51m, 51m, 49m]);

        Assert.Equal([false, true, false, false, false, false, false, false, false, false, false, false, true], fired);
    }

    [Fact]
    public void A_move_rule_compares_with_the_price_at_the_start_of_its_window()
    {
        var rule = Rule(AlertConditions.Move, 2m, cooldownMinutes: 0) with { WindowMinutes = 5 };

        Assert.True(AlertEvaluator.Evaluate(rule, 102m, T0, reference: 100m).Fires);   // +2 %
        Assert.True(AlertEvaluator.Evaluate(rule, 97.5m, T0, reference: 100m).Fires);  // −2.5 %
        Assert.False(AlertEvaluator.Evaluate(rule, 101.9m, T0, reference: 100m).Met);  // +1.9 %
        Assert.False(AlertEvaluator.Evaluate(rule, 150m, T0, reference: null).Met);    // no price that long ago
    }

    private static List<bool> Run(AlertRule rule, decimal[] prices)
    {
        var fired = new List<bool>();
        for (var i = 0; i < prices.Length; i++)
        {
            var at = T0.AddMinutes(i);
            var decision = AlertEvaluator.Evaluate(rule, prices[i], at, null);
            fired.Add(decision.Fires);
            rule = rule with { LastMet = decision.Met, LastObservedAt = at, LastFiredAt = decision.Fires ? at : rule.LastFiredAt };
        }

        return fired;
    }

    private static AlertRule Rule(string condition, decimal threshold, int cooldownMinutes) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "AAPL", condition, threshold, null, cooldownMinutes, false, null, null, null);
}
