using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.ManagingPortfolios;

public static class PortfolioDecision
{
    public static IReadOnlyList<object> Rename(PortfolioState state, string name, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        PortfolioRules.EnsureOpen(state);
        return state.Name == name ? [] : [new PortfolioRenamed(state.Id, name, now)];
    }

    /// <summary>Closing keeps the history (events, performance); the portfolio then accepts no command.</summary>
    public static IReadOnlyList<object> Close(PortfolioState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        PortfolioRules.EnsureOpen(state);
        return [new PortfolioClosed(state.Id, now)];
    }
}
