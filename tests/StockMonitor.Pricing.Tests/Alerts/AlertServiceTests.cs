using System.Globalization;
using Microsoft.Extensions.Options;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Alerts;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests.Alerts;

/// <summary>
/// Alert rules evaluated by the hosted service on quotes from the bus. Quotes are observed a few minutes before now
/// (older ones are not evaluated) and published one at a time, each processed before the next, so every price is
/// evaluated on its own. Absence of an alert is checked behind a marker: the test publishes its own
/// <see cref="PriceAlertTriggered"/> and, the test bus recording in queue order, every alert the service published
/// before it has been recorded once the marker is.
/// </summary>
public class AlertServiceTests
{
    private const string Symbol = "AAPL";

    [Fact]
    public async Task An_above_rule_fires_once_per_crossing_and_a_redelivered_quote_announces_the_same_alert_again()
    {
        await using var host = await PricingHost.StartInOrderAsync(typeof(PriceAlertTriggered));
        var feed = new QuoteFeed(host);
        var rule = await AddRuleAsync(host, AlertConditions.Above, 100m, cooldownMinutes: 0);
        var t0 = RecentStart(minutesAgo: 10);

        await feed.PublishAndWaitAsync(Symbol, 99m, t0);
        var firstCrossing = await feed.PublishAndWaitAsync(Symbol, 101m, t0.AddMinutes(1));
        await feed.PublishAndWaitAsync(firstCrossing); // redelivered: same record, same MessageId
        await feed.PublishAndWaitAsync(Symbol, 102m, t0.AddMinutes(2));   // still above
        await feed.PublishAndWaitAsync(Symbol, 100m, t0.AddMinutes(3));   // 100 is not above 100: back below
        await feed.PublishAndWaitAsync(Symbol, 100.5m, t0.AddMinutes(4)); // crosses again

        var announced = await AlertsAsync(host);
        // The redelivery announces the first crossing again (its publish may not have been confirmed before a crash),
        // under the same MessageId: downstream it is the same alert. Distinct alerts: one per crossing.
        Assert.Equal([(101m, t0.AddMinutes(1)), (101m, t0.AddMinutes(1)), (100.5m, t0.AddMinutes(4))], announced.Select(a => (a.Message.Price, a.Message.ObservedAt)));
        Assert.Equal(announced[0].MessageId, announced[1].MessageId);
        var alerts = announced.DistinctBy(a => a.MessageId).ToList();
        var (first, firstId) = alerts[0];
        Assert.Equal((rule.RuleId, rule.PortfolioId, Symbol, AlertConditions.Above, 100m), (first.RuleId, first.PortfolioId, first.Symbol, first.Condition, first.Threshold));
        Assert.InRange(first.TriggeredAt, first.ObservedAt, DateTimeOffset.UtcNow);
        // The id is a function of the rule and the price's time: a re-published alert is recognisable downstream.
        Assert.Equal(AlertMessageId(rule.RuleId, t0.AddMinutes(1)), firstId);
        Assert.Equal(AlertMessageId(rule.RuleId, t0.AddMinutes(4)), alerts[1].MessageId);

        var state = await StoredAsync(host, rule.RuleId);
        Assert.Equal((true, t0.AddMinutes(4), t0.AddMinutes(4), false), (state.LastMet, state.LastObservedAt, state.LastFiredAt, state.Removed));
    }

    [Fact]
    public async Task A_price_hovering_around_the_level_fires_once_per_cooldown()
    {
        await using var host = await PricingHost.StartInOrderAsync(typeof(PriceAlertTriggered));
        var feed = new QuoteFeed(host);
        var rule = await AddRuleAsync(host, AlertConditions.Below, 50m, cooldownMinutes: 5);
        var t0 = RecentStart(minutesAgo: 11);

        // One price every 20 s: below 50 at 0:20 fires; the crossings at 1:00, 1:40 and 2:20 are inside the
        // 5-minute cooldown and fire nothing.
        decimal[] hovering = [50.1m, 49.9m, 50.1m, 49.9m, 50.1m, 49.8m, 50.2m, 49.9m];
        for (var i = 0; i < hovering.Length; i++)
        {
            await feed.PublishAndWaitAsync(Symbol, hovering[i], t0.AddSeconds(20 * i));
        }

        var whileCooling = await StoredAsync(host, rule.RuleId);
        // Back above, then below again 7:20 after the alert: the cooldown has passed.
        await feed.PublishAndWaitAsync(Symbol, 50.5m, t0.AddMinutes(7));
        await feed.PublishAndWaitAsync(Symbol, 49m, t0.AddMinutes(7).AddSeconds(40));

        var alerts = await AlertsAsync(host);
        Assert.Equal([(49.9m, t0.AddSeconds(20)), (49m, t0.AddMinutes(7).AddSeconds(40))], alerts.Select(a => (a.Message.Price, a.Message.ObservedAt)));
        // The absorbed crossings moved the rule's state (it was below at the last of them) but not its last firing.
        Assert.Equal((true, t0.AddSeconds(140)), (whileCooling.LastMet, whileCooling.LastObservedAt));
        Assert.Equal(t0.AddSeconds(20), whileCooling.LastFiredAt);
    }

    [Fact]
    public async Task Stale_quotes_and_quotes_older_than_the_latest_fire_nothing()
    {
        await using var host = await PricingHost.StartInOrderAsync(typeof(PriceAlertTriggered));
        var feed = new QuoteFeed(host);
        var rule = await AddRuleAsync(host, AlertConditions.Above, 100m, cooldownMinutes: 0);
        var now = RecentStart(minutesAgo: 0);

        // Both are the newest quote when they arrive, but observed longer than 15 minutes ago: a replay, not news.
        await feed.PublishAndWaitAsync(Symbol, 99m, now.AddMinutes(-25));
        await feed.PublishAndWaitAsync(Symbol, 101m, now.AddMinutes(-20));
        var afterStale = await StoredAsync(host, rule.RuleId);
        await feed.PublishAndWaitAsync(Symbol, 99m, now.AddMinutes(-1));
        // Recent and crossing, but older than the latest quote: not accepted as newer, so not evaluated.
        await feed.PublishAndWaitAsync(Symbol, 101m, now.AddMinutes(-2));
        // The control: a newer crossing does fire.
        await feed.PublishAndWaitAsync(Symbol, 101m, now.AddSeconds(-30));

        var alerts = await AlertsAsync(host);
        Assert.Equal([(101m, now.AddSeconds(-30))], alerts.Select(a => (a.Message.Price, a.Message.ObservedAt)));
        Assert.Equal((null, null, null), (afterStale.LastMet, afterStale.LastObservedAt, afterStale.LastFiredAt));
    }

    [Fact]
    public async Task A_move_rule_compares_with_the_price_at_the_start_of_its_window()
    {
        await using var host = await PricingHost.StartInOrderAsync(typeof(PriceAlertTriggered));
        var feed = new QuoteFeed(host);
        var rule = await AddRuleAsync(host, AlertConditions.Move, 2m, cooldownMinutes: 0, windowMinutes: 5);
        var t0 = RecentStart(minutesAgo: 10);

        await feed.PublishAndWaitAsync(Symbol, 100m, t0);               // no price 5 minutes earlier: nothing to compare
        await feed.PublishAndWaitAsync(Symbol, 101m, t0.AddMinutes(2)); // likewise
        // +7: the window starts at +2 (101): 102.9 / 101 = +1.88 %, not 2 % (against the first price, 100, it would be 2.9 %).
        await feed.PublishAndWaitAsync(Symbol, 102.9m, t0.AddMinutes(7));
        // +8: the window starts at +3, a minute without trades: the last price at or before it is 101 (at +2).
        // 98.9 / 101 = −2.08 %: a move of at least 2 % either way fires.
        await feed.PublishAndWaitAsync(Symbol, 98.9m, t0.AddMinutes(8));

        var alerts = await AlertsAsync(host);
        var alert = Assert.Single(alerts).Message;
        Assert.Equal((rule.RuleId, AlertConditions.Move, 2m, 98.9m, t0.AddMinutes(8)), (alert.RuleId, alert.Condition, alert.Threshold, alert.Price, alert.ObservedAt));
    }

    [Fact]
    public async Task A_removed_rule_fires_no_more()
    {
        await using var host = await PricingHost.StartInOrderAsync(typeof(PriceAlertTriggered));
        var feed = new QuoteFeed(host);
        var removed = await AddRuleAsync(host, AlertConditions.Above, 100m, cooldownMinutes: 0);
        var control = await AddRuleAsync(host, AlertConditions.Above, 105m, cooldownMinutes: 0);
        var t0 = RecentStart(minutesAgo: 10);
        await feed.PublishAndWaitAsync(Symbol, 99m, t0);
        await feed.PublishAndWaitAsync(Symbol, 101m, t0.AddMinutes(1));

        await host.Bus.PublishAsync(new AlertRuleRemoved(removed.RuleId, removed.PortfolioId, Symbol, DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(async () => (await StoredAsync(host, removed.RuleId)).Removed, "the rule marked removed");
        await feed.PublishAndWaitAsync(Symbol, 99m, t0.AddMinutes(2));
        await feed.PublishAndWaitAsync(Symbol, 101m, t0.AddMinutes(3));  // would cross the removed rule's level again
        await feed.PublishAndWaitAsync(Symbol, 106m, t0.AddMinutes(4));  // crosses the control's

        var alerts = await AlertsAsync(host);
        Assert.Equal([(removed.RuleId, 101m), (control.RuleId, 106m)], alerts.Select(a => (a.Message.RuleId, a.Message.Price)));
        var state = await StoredAsync(host, removed.RuleId);
        Assert.Equal((true, true, t0.AddMinutes(1)), (state.Removed, state.LastMet, state.LastObservedAt));
    }

    /// <summary>Now (or some minutes before), to the second, so that times read back compare equal.</summary>
    private static DateTimeOffset RecentStart(int minutesAgo)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>Publishes a rule for <see cref="Symbol"/> and waits until the service has stored it.</summary>
    private static async Task<AlertRuleAdded> AddRuleAsync(PricingHost host, string condition, decimal threshold, int cooldownMinutes, int? windowMinutes = null)
    {
        var rule = new AlertRuleAdded(Guid.NewGuid(), Guid.NewGuid(), Symbol, condition, threshold, windowMinutes, cooldownMinutes, DateTimeOffset.UtcNow);
        await host.Bus.PublishAsync(rule);
        await Eventually.ReturnsAsync(() => Store(host).GetAsync(rule.RuleId, CancellationToken.None), $"rule {condition} {threshold} stored");
        return rule;
    }

    /// <summary>Every alert the service has published so far, in the order it published them (see the class summary).</summary>
    private static async Task<IReadOnlyList<(PriceAlertTriggered Message, Guid? MessageId)>> AlertsAsync(PricingHost host)
    {
        var marker = new PriceAlertTriggered(Guid.NewGuid(), Guid.Empty, "MARKER", AlertConditions.Above, 0m, 0m, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await host.Bus.PublishAsync(marker);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Bus.Received<PriceAlertTriggered>().Any(a => a.RuleId == marker.RuleId)), "the marker alert");
        return host.Bus.ReceivedWithIds<PriceAlertTriggered>().TakeWhile(a => a.Message.RuleId != marker.RuleId).Where(a => a.Message.Symbol != "MARKER").ToList();
    }

    private static async Task<AlertRule> StoredAsync(PricingHost host, Guid ruleId) =>
        await Store(host).GetAsync(ruleId, CancellationToken.None) ?? throw new InvalidOperationException($"Rule {ruleId} is not in the table.");

    private static AlertRuleStore Store(PricingHost host) => new(host.Infra.DynamoDb, Options.Create(host.Resources));

    private static Guid AlertMessageId(Guid ruleId, DateTimeOffset observedAt) =>
        QuoteMessageId.For("alert", ruleId.ToString(), observedAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
}
