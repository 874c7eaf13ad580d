namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>Shares were bought, paid from the portfolio's cash: quantity × price + fees.</summary>
public sealed record SharesBought(Guid PortfolioId, string Symbol, decimal Quantity, decimal Price, decimal Fees, DateTimeOffset ExecutedAt);
