namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A portfolio was opened for <paramref name="Owner"/> (the subject of the token that opened it).</summary>
public sealed record PortfolioOpened(Guid PortfolioId, string Name, string Owner, string Currency, DateTimeOffset OpenedAt);
