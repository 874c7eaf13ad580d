namespace StockMonitor.Portfolio.Apis;

/// <summary>A portfolio as the API returns it: holdings with live valuation, totals, watchlist and alert rules.</summary>
/// <param name="Version">The stream version (also the ETag).</param>
/// <param name="Performance">Returns since the portfolio opened; only on <c>GET /api/portfolios/{id}</c>, and null when the price history cannot be read.</param>
public sealed record PortfolioView(
    Guid Id,
    string Name,
    string Currency,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    long Version,
    decimal Cash,
    IReadOnlyList<HoldingView> Holdings,
    TotalsView Totals,
    IReadOnlyList<string> Watchlist,
    IReadOnlyList<AlertRuleView> AlertRules,
    PerformanceSummaryView? Performance);
