using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.MovingCash;

public static class CashDecision
{
    public static IReadOnlyList<object> Handle(PortfolioState state, DepositCash command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        return [new CashDeposited(state.Id, command.Amount, command.At)];
    }

    /// <summary>No withdrawing more than the cash at its time, nor (back-dated) leaving a later movement short.</summary>
    public static IReadOnlyList<object> Handle(PortfolioState state, WithdrawCash command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        var withdrawn = new CashWithdrawn(state.Id, command.Amount, command.At);
        state.EnsureAllowed(withdrawn);
        return [withdrawn];
    }

    public static IReadOnlyList<object> Handle(PortfolioState state, ChargeFee command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        var charged = new FeeCharged(state.Id, command.Amount, command.Description, command.At);
        state.EnsureAllowed(charged);
        return [charged];
    }
}
