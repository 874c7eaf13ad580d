namespace StockMonitor.Contracts.Pricing;

/// <summary>An alert rule fired: the price crossed a level or moved by at least the rule's percentage.</summary>
/// <param name="Condition">What the rule watches: <c>above</c>, <c>below</c> or <c>move</c>.</param>
/// <param name="Threshold">The price level, or the percentage for a move rule.</param>
public sealed record PriceAlertTriggered(
    Guid RuleId,
    Guid PortfolioId,
    string Symbol,
    string Condition,
    decimal Threshold,
    decimal Price,
    DateTimeOffset ObservedAt,
    DateTimeOffset TriggeredAt);
