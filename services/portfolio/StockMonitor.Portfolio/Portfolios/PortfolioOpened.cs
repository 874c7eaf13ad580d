namespace StockMonitor.Portfolio.Portfolios;

/// <summary>A portfolio was opened by <paramref name="Owner"/> (the token subject).</summary>
public sealed record PortfolioOpened(Guid PortfolioId, string Name, string Owner, string Currency, DateTimeOffset OpenedAt);
