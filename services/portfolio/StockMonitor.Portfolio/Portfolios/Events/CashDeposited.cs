namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>Cash came in from outside the portfolio (an external flow).</summary>
public sealed record CashDeposited(Guid PortfolioId, decimal Amount, DateTimeOffset At);
