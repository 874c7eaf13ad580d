namespace StockMonitor.Dashboard.Portfolios;

/// <summary>An alert as a page shows it: the rule that fired, in which of the user's portfolios, and at what price.</summary>
public sealed record AlertNotice(
    Guid RuleId,
    Guid PortfolioId,
    string PortfolioName,
    string Symbol,
    string Condition,
    decimal Threshold,
    decimal Price,
    DateTimeOffset ObservedAt,
    DateTimeOffset TriggeredAt);
