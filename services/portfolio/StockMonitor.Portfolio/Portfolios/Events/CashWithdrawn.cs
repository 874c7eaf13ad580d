namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>Cash left the portfolio (an external flow).</summary>
public sealed record CashWithdrawn(Guid PortfolioId, decimal Amount, DateTimeOffset At);
