using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Portfolio.Alerting;
using StockMonitor.Portfolio.Tests.Apis;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Alerting;

/// <summary>Firings that pricing publishes are kept once each.</summary>
public class AlertHistoryTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task When_pricing_publishes_a_firing_twice_then_it_is_stored_once()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var now = DateTimeOffset.UtcNow;
        var triggered = new PriceAlertTriggered(Guid.NewGuid(), id, "NVDA", "below", 120m, 119.85m, now.AddSeconds(-2), now);
        // The service's own bus publishes on its prefix exactly as pricing would.
        var bus = api.Services.GetRequiredService<IBus>();
        var consumed = new ConsumedMessages<PriceAlertTriggered>(m => m.RuleId == triggered.RuleId);
        using var observing = bus.ConnectConsumeMessageObserver(consumed);

        await bus.Publish(triggered);
        await Eventually.HoldsAsync(() => Task.FromResult(consumed.Count == 1), "the firing to be consumed");
        await bus.Publish(triggered);
        await Eventually.HoldsAsync(() => Task.FromResult(consumed.Count == 2), "the redelivered firing to be consumed");

        await using var session = api.Store.QuerySession();
        var stored = Assert.Single(await session.Query<AlertFiring>().Where(f => f.RuleId == triggered.RuleId).ToListAsync());
        Assert.Equal(AlertFiring.IdOf(triggered.RuleId, triggered.ObservedAt), stored.Id);
        Assert.Equal(AlertFiring.From(triggered), stored);
    }
}
