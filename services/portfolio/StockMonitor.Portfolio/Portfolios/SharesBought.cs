namespace StockMonitor.Portfolio.Portfolios;

/// <summary>Shares were bought at <paramref name="Price"/> each, paying <paramref name="Fees"/> on top.</summary>
public sealed record SharesBought(Guid PortfolioId, string Symbol, decimal Quantity, decimal Price, decimal Fees, DateTimeOffset ExecutedAt);
