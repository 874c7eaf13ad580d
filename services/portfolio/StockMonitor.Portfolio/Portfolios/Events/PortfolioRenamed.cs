namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>The portfolio got a new name.</summary>
public sealed record PortfolioRenamed(Guid PortfolioId, string Name, DateTimeOffset At);
