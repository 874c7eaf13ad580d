using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.MovingCash;

/// <summary>Body of <c>POST /api/portfolios/{id}/deposits</c> and <c>…/withdrawals</c>: one body, two commands.</summary>
/// <param name="At">When the money moved; now when absent.</param>
public sealed record CashRequest(decimal? Amount, DateTimeOffset? At = null) : ICommandRequest<DepositCash>, ICommandRequest<WithdrawCash>
{
    DepositCash? ICommandRequest<DepositCash>.ToCommand(CommandContext context, out Dictionary<string, string[]> errors) =>
        Validate(context, out errors) is var (amount, at) ? new DepositCash(amount, at) : null;

    WithdrawCash? ICommandRequest<WithdrawCash>.ToCommand(CommandContext context, out Dictionary<string, string[]> errors) =>
        Validate(context, out errors) is var (amount, at) ? new WithdrawCash(amount, at) : null;

    private (decimal Amount, DateTimeOffset At)? Validate(CommandContext context, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        errors = [];
        var amount = RequestRules.Positive(errors, "amount", Amount);
        var at = RequestRules.Time(errors, "at", At, context.Now, fallback: context.Now);
        return errors.Count == 0 ? (amount, at) : null;
    }
}
