namespace StockMonitor.Portfolio.Apis;

/// <summary>A line of <c>GET /api/portfolios</c>.</summary>
public sealed record PortfolioSummaryView(Guid Id, string Name, string Currency, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, long Version, decimal Cash, decimal TotalValue);
