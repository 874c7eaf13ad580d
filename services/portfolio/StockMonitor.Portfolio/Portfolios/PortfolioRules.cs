namespace StockMonitor.Portfolio.Portfolios;

/// <summary>Rules every command checks first.</summary>
public static class PortfolioRules
{
    public static void EnsureOpen(PortfolioState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsClosed)
        {
            throw new RuleViolationException("Portfolio closed", $"Portfolio {state.Id} was closed at {state.ClosedAt:O}; it accepts nothing more.");
        }
    }
}
