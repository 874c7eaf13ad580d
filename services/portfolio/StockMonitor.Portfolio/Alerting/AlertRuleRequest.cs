using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Alerting;

/// <summary>Body of <c>POST /api/portfolios/{id}/alerts</c>.</summary>
/// <param name="Condition"><c>above</c> or <c>below</c> a price level, or <c>move</c>: a change of at least <paramref name="Threshold"/> percent within <paramref name="WindowMinutes"/>.</param>
/// <param name="Threshold">The price level, or the percentage of a move rule.</param>
/// <param name="WindowMinutes">For <c>move</c> only: 1-1440.</param>
/// <param name="CooldownMinutes">After firing the rule stays quiet this long: 0-10080, 15 when absent.</param>
public sealed record AlertRuleRequest(string? Symbol, string? Condition, decimal? Threshold, int? WindowMinutes = null, int? CooldownMinutes = null)
    : ICommandRequest<AddAlertRule>
{
    public const int DefaultCooldownMinutes = 15;

    /// <summary>The rule gets a new id (a version 7 GUID).</summary>
    public AddAlertRule? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var symbol = RequestRules.Symbol(errors, "symbol", Symbol);
        var condition = Condition?.Trim().ToLowerInvariant();
        if (!AlertConditions.IsKnown(condition))
        {
            errors["condition"] = [$"Required: '{AlertConditions.Above}', '{AlertConditions.Below}' or '{AlertConditions.Move}'."];
        }

        var threshold = RequestRules.Positive(errors, "threshold", Threshold, condition == AlertConditions.Move ? 1_000m : RequestRules.MaxAmount);
        int? window = null;
        if (condition == AlertConditions.Move)
        {
            if (WindowMinutes is not (>= 1 and <= 1440))
            {
                errors["windowMinutes"] = ["Required for a move rule: 1-1440."];
            }

            window = WindowMinutes;
        }
        else if (WindowMinutes is not null)
        {
            errors["windowMinutes"] = ["Only a move rule has a window."];
        }

        var cooldown = CooldownMinutes ?? DefaultCooldownMinutes;
        if (cooldown is < 0 or > 10_080)
        {
            errors["cooldownMinutes"] = ["Must be 0-10080."];
        }

        return errors.Count == 0 ? new AddAlertRule(Guid.CreateVersion7(), symbol!, condition!, threshold, window, cooldown) : null;
    }
}
