namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A price alert rule was added (see <c>StockMonitor.Contracts.Portfolios.AlertConditions</c>).</summary>
public sealed record AlertRuleAdded(Guid PortfolioId, Guid RuleId, string Symbol, string Condition, decimal Threshold, int? WindowMinutes, int CooldownMinutes, DateTimeOffset At);
