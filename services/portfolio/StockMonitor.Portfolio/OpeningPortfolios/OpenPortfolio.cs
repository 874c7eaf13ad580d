namespace StockMonitor.Portfolio.OpeningPortfolios;

/// <summary>Open a new portfolio for <paramref name="Owner"/>.</summary>
public sealed record OpenPortfolio(Guid PortfolioId, string Name, string Owner, string Currency);
