using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.MovingCash;

/// <summary>Body of <c>POST /api/portfolios/{id}/fees</c>: a fee not tied to a trade.</summary>
public sealed record FeeRequest(decimal? Amount, string? Description = null, DateTimeOffset? At = null)
    : ICommandRequest<ChargeFee>
{
    public ChargeFee? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        errors = [];
        var amount = RequestRules.Positive(errors, "amount", Amount);
        var description = RequestRules.Text(errors, "description", Description, 200, required: false) ?? "fee";
        var at = RequestRules.Time(errors, "at", At, now, fallback: now);
        return errors.Count == 0 ? new ChargeFee(amount, description, at) : null;
    }
}
