using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Alerting;

public static class AlertRuleDecision
{
    public const int MaxRules = 100;

    public static IReadOnlyList<object> Add(PortfolioState state, AddAlertRule command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        if (state.AlertRules.Count >= MaxRules)
        {
            throw new RuleViolationException("Too many alert rules", $"A portfolio has at most {MaxRules} alert rules.");
        }

        return [new AlertRuleAdded(state.Id, command.RuleId, command.Symbol, command.Condition, command.Threshold, command.WindowMinutes, command.CooldownMinutes, now)];
    }

    public static IReadOnlyList<object> Remove(PortfolioState state, Guid ruleId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        PortfolioRules.EnsureOpen(state);
        if (state.AlertRules.All(r => r.RuleId != ruleId))
        {
            throw new RuleViolationException("Alert rule not found", $"Portfolio {state.Id} has no alert rule {ruleId}.", 404);
        }

        return [new AlertRuleRemoved(state.Id, ruleId, now)];
    }
}
