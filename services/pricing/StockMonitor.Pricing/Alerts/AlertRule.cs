namespace StockMonitor.Pricing.Alerts;

/// <summary>A rule and its evaluation state: which side of its condition the last evaluated price was on, and when it last fired.</summary>
public sealed record AlertRule(
    Guid RuleId,
    Guid PortfolioId,
    string Symbol,
    string Condition,
    decimal Threshold,
    int? WindowMinutes,
    int CooldownMinutes,
    bool Removed,
    bool? LastMet,
    DateTimeOffset? LastObservedAt,
    DateTimeOffset? LastFiredAt);
