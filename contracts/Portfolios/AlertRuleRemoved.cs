namespace StockMonitor.Contracts.Portfolios;

/// <summary>A portfolio removed a price alert rule; it never fires again.</summary>
public sealed record AlertRuleRemoved(Guid RuleId, Guid PortfolioId, string Symbol, DateTimeOffset RemovedAt);
