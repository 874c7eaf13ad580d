using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.CorporateActions;

/// <summary>Body of <c>POST /api/portfolios/{id}/splits</c>.</summary>
/// <param name="Ratio">New shares per old share: 2 for a 2-for-1 split, 0.1 for a 1-for-10 reverse split.</param>
/// <param name="EffectiveAt">When the split took effect; trades before it are in pre-split shares.</param>
public sealed record SplitRequest(string? Symbol, decimal? Ratio, DateTimeOffset? EffectiveAt)
    : ICommandRequest<RecordSplit>
{
    public const decimal MaxRatio = 1_000m;

    public RecordSplit? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        errors = [];
        var symbol = RequestRules.Symbol(errors, "symbol", Symbol);
        var ratio = RequestRules.Positive(errors, "ratio", Ratio, MaxRatio);
        if (ratio is > 0 and < 1m / MaxRatio)
        {
            errors["ratio"] = ["At least 0.001 (1-for-1000)."];
        }
        else if (ratio == 1m)
        {
            errors["ratio"] = ["A ratio of 1 changes nothing."];
        }

        var effectiveAt = RequestRules.Time(errors, "effectiveAt", EffectiveAt, now, fallback: null);
        return errors.Count == 0 ? new RecordSplit(symbol!, ratio, effectiveAt) : null;
    }
}
