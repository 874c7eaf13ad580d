namespace StockMonitor.Portfolio.Portfolios;

/// <summary>A price alert rule of the portfolio (pricing evaluates it; see <c>AlertConditions</c>).</summary>
public sealed record AlertRule(Guid RuleId, string Symbol, string Condition, decimal Threshold, int? WindowMinutes, int CooldownMinutes, DateTimeOffset AddedAt);
