namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A price alert rule was removed.</summary>
public sealed record AlertRuleRemoved(Guid PortfolioId, Guid RuleId, DateTimeOffset At);
