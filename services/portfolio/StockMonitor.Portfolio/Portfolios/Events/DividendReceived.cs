namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A cash dividend of <paramref name="Amount"/> in total was paid on a holding.</summary>
public sealed record DividendReceived(Guid PortfolioId, string Symbol, decimal Amount, DateTimeOffset PaidAt);
