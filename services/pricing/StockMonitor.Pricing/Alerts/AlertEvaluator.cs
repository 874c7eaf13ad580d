using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Pricing.Alerts;

/// <summary>
/// Pure alert logic. A rule fires when its condition becomes true (it was false, or never evaluated, at the
/// previous price) and its cooldown has passed since it last fired: once per crossing, and a price hovering
/// at the level does not flood. A crossing inside the cooldown is absorbed.
/// </summary>
public static class AlertEvaluator
{
    /// <param name="reference">For a move rule, the price at the start of its window; ignored otherwise.</param>
    public static AlertDecision Evaluate(AlertRule rule, decimal price, DateTimeOffset observedAt, decimal? reference)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var met = rule.Condition switch
        {
            AlertConditions.Above => price > rule.Threshold,
            AlertConditions.Below => price < rule.Threshold,
            AlertConditions.Move => reference is > 0 && Math.Abs((price / reference.Value) - 1m) * 100m >= rule.Threshold,
            _ => false,
        };
        var coolingDown = rule.LastFiredAt is { } fired && observedAt - fired < TimeSpan.FromMinutes(rule.CooldownMinutes);
        return new AlertDecision(met, met && rule.LastMet != true && !coolingDown);
    }
}
