using StockMonitor.Contracts.Identity;
using StockMonitor.Contracts.Pricing;

namespace StockMonitor.Portfolio.Alerting;

/// <summary>
/// A firing of one of a portfolio's alert rules, kept from pricing's <see cref="PriceAlertTriggered"/> for the owner's
/// alert history. <see cref="Id"/> comes from the rule and the time of the price that fired it, so a redelivery (or a
/// re-publication by pricing) of the same firing is the same document.
/// </summary>
public sealed record AlertFiring(
    Guid Id,
    Guid PortfolioId,
    Guid RuleId,
    string Symbol,
    string Condition,
    decimal Threshold,
    decimal Price,
    DateTimeOffset ObservedAt,
    DateTimeOffset TriggeredAt)
{
    public static AlertFiring From(PriceAlertTriggered triggered)
    {
        ArgumentNullException.ThrowIfNull(triggered);
        return new(
            IdOf(triggered.RuleId, triggered.ObservedAt),
            triggered.PortfolioId,
            triggered.RuleId,
            triggered.Symbol,
            triggered.Condition,
            triggered.Threshold,
            triggered.Price,
            triggered.ObservedAt,
            triggered.TriggeredAt);
    }

    /// <summary>A name-based UUID over (rule, observed time in UTC ticks): the same firing always gets the same id.</summary>
    public static Guid IdOf(Guid ruleId, DateTimeOffset observedAt) =>
        NameBasedGuid.Create(Namespace, FormattableString.Invariant($"{ruleId:N}/{observedAt.UtcTicks}"));

    // Fixed so that ids stay stable across versions; not the namespace of any message id.
    private static readonly Guid Namespace = Guid.Parse("639f0788-e855-4b9f-a021-a4083e0a7c90");
}
