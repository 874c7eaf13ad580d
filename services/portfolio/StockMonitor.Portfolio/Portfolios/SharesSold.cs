namespace StockMonitor.Portfolio.Portfolios;

/// <summary>Shares were sold at <paramref name="Price"/> each, with <paramref name="Fees"/> taken from the proceeds.</summary>
public sealed record SharesSold(Guid PortfolioId, string Symbol, decimal Quantity, decimal Price, decimal Fees, DateTimeOffset ExecutedAt);
