using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.MovingCash;

/// <summary>Body of <c>POST /api/portfolios/{id}/deposits</c> and <c>…/withdrawals</c>.</summary>
/// <param name="At">When the money moved; now when absent.</param>
public sealed record CashRequest(decimal? Amount, DateTimeOffset? At = null)
{
    public (decimal Amount, DateTimeOffset At)? Validate(DateTimeOffset now, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var amount = RequestRules.Positive(errors, "amount", Amount);
        var at = RequestRules.Time(errors, "at", At, now, fallback: now);
        return errors.Count == 0 ? (amount, at) : null;
    }
}
