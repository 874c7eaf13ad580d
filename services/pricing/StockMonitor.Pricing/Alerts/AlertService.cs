using MassTransit;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Alerts;

/// <summary>
/// Evaluates a symbol's rules on a newly accepted price and publishes <see cref="PriceAlertTriggered"/> for those
/// that fire. Quotes observed longer than <see cref="StaleAfter"/> ago (replays of old data, late deliveries) are
/// not evaluated: an alert is about now.
/// </summary>
public sealed partial class AlertService(
    AlertRuleCache rules,
    AlertRuleStore store,
    ReferencePrices prices,
    TimeProvider time,
    ILogger<AlertService> logger)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    public async Task EvaluateAsync(Quote quote, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(publisher);
        var now = time.GetUtcNow();
        if (now - quote.ObservedAt > StaleAfter)
        {
            return;
        }

        foreach (var cached in await rules.ForSymbolAsync(quote.Symbol, cancellationToken))
        {
            // The cache knows the rule; its state must be current.
            if (await store.GetAsync(cached.RuleId, cancellationToken) is not { Removed: false } rule)
            {
                continue;
            }

            var reference = rule.Condition == AlertConditions.Move && rule.WindowMinutes is { } window
                ? await prices.PriceAtOrBeforeAsync(quote.Symbol, quote.ObservedAt - TimeSpan.FromMinutes(window), cancellationToken)
                : null;
            var decision = AlertEvaluator.Evaluate(rule, quote.Price, quote.ObservedAt, reference);
            // A redelivered quote that already fired this rule (the state was stored, the publish may not have been
            // confirmed) announces it again under the same message id.
            var firedBefore = rule.LastFiredAt == quote.ObservedAt;
            if (!firedBefore && (!await store.TryRecordAsync(rule, decision, quote.ObservedAt, cancellationToken) || !decision.Fires))
            {
                continue;
            }

            var triggered = new PriceAlertTriggered(rule.RuleId, rule.PortfolioId, rule.Symbol, rule.Condition, rule.Threshold, quote.Price, quote.ObservedAt, now);
            var id = QuoteMessageId.For("alert", rule.RuleId.ToString(), quote.ObservedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await publisher.Publish(triggered, context => context.MessageId = id, cancellationToken);
            LogFired(rule.RuleId, rule.Symbol, rule.Condition, rule.Threshold, quote.Price);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {RuleId} fired: {Symbol} {Condition} {Threshold} at {Price}")]
    private partial void LogFired(Guid ruleId, string symbol, string condition, decimal threshold, decimal price);
}
