using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Watching;

public static class WatchlistDecision
{
    public const int MaxSymbols = 200;

    /// <summary>Watching a symbol already watched changes nothing (no event).</summary>
    public static IReadOnlyList<object> Watch(PortfolioState state, string symbol, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        PortfolioRules.EnsureOpen(state);
        if (state.Watchlist.Contains(symbol))
        {
            return [];
        }

        if (state.Watchlist.Count >= MaxSymbols)
        {
            throw new RuleViolationException("Watchlist full", $"A watchlist holds at most {MaxSymbols} symbols.");
        }

        return [new SymbolWatched(state.Id, symbol, now)];
    }

    public static IReadOnlyList<object> Unwatch(PortfolioState state, string symbol, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        PortfolioRules.EnsureOpen(state);
        if (!state.Watchlist.Contains(symbol))
        {
            throw new RuleViolationException("Not on the watchlist", $"{symbol} is not on the watchlist of portfolio {state.Id}.", 404);
        }

        return [new SymbolUnwatched(state.Id, symbol, now)];
    }
}
