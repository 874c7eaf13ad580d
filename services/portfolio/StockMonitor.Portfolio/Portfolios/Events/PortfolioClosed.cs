namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>The portfolio was closed; it accepts nothing more.</summary>
public sealed record PortfolioClosed(Guid PortfolioId, DateTimeOffset At);
