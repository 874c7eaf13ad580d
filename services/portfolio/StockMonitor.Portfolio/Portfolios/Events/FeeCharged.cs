namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A fee not tied to a trade (custody, account) was paid from cash.</summary>
public sealed record FeeCharged(Guid PortfolioId, decimal Amount, string Description, DateTimeOffset At);
