using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.CorporateActions;

public static class CorporateActionDecision
{
    public static IReadOnlyList<object> Handle(PortfolioState state, RecordDividend command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        return [new DividendReceived(state.Id, command.Symbol, command.Amount, command.PaidAt)];
    }

    /// <summary>A split changes later sales' share counts, so (back-dated) it must not leave one selling more than held.</summary>
    public static IReadOnlyList<object> Handle(PortfolioState state, RecordSplit command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        var split = new StockSplit(state.Id, command.Symbol, command.Ratio, command.EffectiveAt);
        state.EnsureAllowed(split);
        return [split];
    }
}
