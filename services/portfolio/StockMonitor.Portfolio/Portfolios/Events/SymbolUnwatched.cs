namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A symbol was removed from the watchlist.</summary>
public sealed record SymbolUnwatched(Guid PortfolioId, string Symbol, DateTimeOffset At);
