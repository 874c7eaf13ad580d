namespace StockMonitor.Pricing.Alerts;

/// <summary>The outcome of evaluating a rule on one price: whether its condition holds, and whether it fires.</summary>
public sealed record AlertDecision(bool Met, bool Fires);
