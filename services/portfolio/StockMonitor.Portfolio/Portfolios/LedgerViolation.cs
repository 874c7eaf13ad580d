namespace StockMonitor.Portfolio.Portfolios;

/// <summary>Where replaying the movements broke a rule: a sale of shares not held, or cash below zero.</summary>
/// <param name="Sequence">The movement that broke it (a back-dated movement can break a later one).</param>
public sealed record LedgerViolation(string Title, string Detail, long Sequence);
