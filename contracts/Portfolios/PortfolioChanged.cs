namespace StockMonitor.Contracts.Portfolios;

/// <summary>Something was recorded in a portfolio; its state is now at Version. Carries no data: read the portfolio through the API.</summary>
public sealed record PortfolioChanged(Guid PortfolioId, long Version, DateTimeOffset ChangedAt);
