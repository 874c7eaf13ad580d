namespace StockMonitor.Portfolio.Apis;

/// <summary>A firing of one of the portfolio's alert rules: the price that met the condition and when.</summary>
public sealed record AlertFiringView(
    Guid RuleId,
    string Symbol,
    string Condition,
    decimal Threshold,
    decimal Price,
    DateTimeOffset ObservedAt,
    DateTimeOffset TriggeredAt);
