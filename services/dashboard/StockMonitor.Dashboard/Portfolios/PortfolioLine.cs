namespace StockMonitor.Dashboard.Portfolios;

/// <summary>The part of an item of the portfolio API's <c>GET /api/portfolios</c> the feed needs.</summary>
public sealed record PortfolioLine(Guid Id, string Name);
