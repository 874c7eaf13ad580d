namespace StockMonitor.Portfolio.Alerting;

public sealed record AddAlertRule(Guid RuleId, string Symbol, string Condition, decimal Threshold, int? WindowMinutes, int CooldownMinutes);
