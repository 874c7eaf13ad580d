namespace StockMonitor.Portfolio.Apis;

public sealed record AlertRuleView(Guid RuleId, string Symbol, string Condition, decimal Threshold, int? WindowMinutes, int CooldownMinutes, DateTimeOffset AddedAt);
