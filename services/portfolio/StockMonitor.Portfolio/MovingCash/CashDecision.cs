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
        state.EnsureAllowed(MovementKind.Withdrawal, command.At, null, 0m, 0m, 0m, command.Amount);
        return [new CashWithdrawn(state.Id, command.Amount, command.At)];
    }

    public static IReadOnlyList<object> Handle(PortfolioState state, ChargeFee command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        state.EnsureAllowed(MovementKind.Fee, command.At, null, 0m, 0m, 0m, command.Amount);
        return [new FeeCharged(state.Id, command.Amount, command.Description, command.At)];
    }
}
