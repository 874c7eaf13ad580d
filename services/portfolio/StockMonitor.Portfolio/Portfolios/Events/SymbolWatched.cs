namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A symbol was added to the watchlist (streamed and priced though not held).</summary>
public sealed record SymbolWatched(Guid PortfolioId, string Symbol, DateTimeOffset At);
