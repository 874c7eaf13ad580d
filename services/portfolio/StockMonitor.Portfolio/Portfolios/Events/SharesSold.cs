namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>Shares were sold (FIFO); the proceeds less fees went to the portfolio's cash.</summary>
public sealed record SharesSold(Guid PortfolioId, string Symbol, decimal Quantity, decimal Price, decimal Fees, DateTimeOffset ExecutedAt);
