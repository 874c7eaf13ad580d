using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.CorporateActions;

/// <summary>Body of <c>POST /api/portfolios/{id}/dividends</c>: the total cash paid on a holding.</summary>
/// <param name="PaidAt">When it was paid; now when absent.</param>
public sealed record DividendRequest(string? Symbol, decimal? Amount, DateTimeOffset? PaidAt = null)
    : ICommandRequest<RecordDividend>
{
    public RecordDividend? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        errors = [];
        var symbol = RequestRules.Symbol(errors, "symbol", Symbol);
        var amount = RequestRules.Positive(errors, "amount", Amount);
        var paidAt = RequestRules.Time(errors, "paidAt", PaidAt, now, fallback: now);
        return errors.Count == 0 ? new RecordDividend(symbol!, amount, paidAt) : null;
    }
}
