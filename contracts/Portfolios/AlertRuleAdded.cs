namespace StockMonitor.Contracts.Portfolios;

/// <summary>
/// A portfolio added a price alert rule. Pricing evaluates it on every newer price of <paramref name="Symbol"/>.
/// </summary>
/// <param name="Condition"><c>above</c> or <c>below</c> a price level, or <c>move</c>: a change of at least
/// <paramref name="Threshold"/> percent within <paramref name="WindowMinutes"/>.</param>
/// <param name="Threshold">The price level, or the percentage for a move rule.</param>
/// <param name="CooldownMinutes">After firing, the rule stays quiet this long.</param>
public sealed record AlertRuleAdded(
    Guid RuleId,
    Guid PortfolioId,
    string Symbol,
    string Condition,
    decimal Threshold,
    int? WindowMinutes,
    int CooldownMinutes,
    DateTimeOffset AddedAt);
