using System.Net;
using System.Net.Http.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Portfolio.Alerting;
using StockMonitor.Portfolio.Apis;
using StockMonitor.Testing;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Alerting;

/// <summary>
/// Firings that pricing publishes are kept once each, listed to the portfolio's owner newest first, and deleted after
/// the retention. Times are relative to now: the service itself prunes at start with the real clock.
/// </summary>
public class AlertHistoryTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task When_pricing_publishes_a_firing_twice_then_it_is_stored_once_and_listed()
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
        Assert.Equal([new AlertFiringView(triggered.RuleId, "NVDA", "below", 120m, 119.85m, triggered.ObservedAt, triggered.TriggeredAt)], await FiredAsync(api.Client, id));
    }

    [Fact]
    public async Task Fired_alerts_are_listed_newest_first_by_triggered_then_observed_time_up_to_the_limit()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var now = DateTimeOffset.UtcNow;
        var oldest = Firing(id, now.AddHours(-3));
        var middle = Firing(id, now.AddHours(-2));
        var tiedEarlier = Firing(id, now.AddHours(-1), observedAt: now.AddMinutes(-70));
        var tiedLater = Firing(id, now.AddHours(-1), observedAt: now.AddMinutes(-65));
        await StoreAsync(middle, tiedEarlier, oldest, Firing(Guid.NewGuid(), now), tiedLater);

        var all = await FiredAsync(api.Client, id);
        var two = await FiredAsync(api.Client, id, "?limit=2");

        Assert.Equal([View(tiedLater), View(tiedEarlier), View(middle), View(oldest)], all);
        Assert.Equal([View(tiedLater), View(tiedEarlier)], two);
    }

    [Fact]
    public async Task Fired_alerts_without_a_limit_are_the_newest_50()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var now = DateTimeOffset.UtcNow;
        var firings = Enumerable.Range(1, PortfoliosApi.DefaultFiredAlerts + 1).Select(i => Firing(id, now.AddMinutes(-i))).ToArray();
        await StoreAsync(firings);

        var listed = await FiredAsync(api.Client, id);

        Assert.Equal(firings.Take(PortfoliosApi.DefaultFiredAlerts).Select(View), listed);
    }

    [Fact]
    public async Task Fired_alerts_of_another_subjects_or_an_unknown_portfolio_are_404()
    {
        var theirs = (await api.Other.OpenAsync("Theirs")).Id;
        await StoreAsync(Firing(theirs, DateTimeOffset.UtcNow));

        var ofTheirs = await api.Client.GetAsync(Url(PathOf(theirs, "/alerts/fired")));
        var ofUnknown = await api.Client.GetAsync(Url(PathOf(Guid.NewGuid(), "/alerts/fired")));

        Assert.Equal("Portfolio not found", (await ofTheirs.ProblemAsync(HttpStatusCode.NotFound)).Title);
        Assert.Equal("Portfolio not found", (await ofUnknown.ProblemAsync(HttpStatusCode.NotFound)).Title);
        Assert.Single(await FiredAsync(api.Other, theirs));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PortfoliosApi.MaxFiredAlerts + 1)]
    [InlineData(-1)]
    public async Task Fired_alerts_with_a_limit_outside_1_to_500_are_400_naming_limit(int limit)
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.GetAsync(Url(PathOf(id, $"/alerts/fired?limit={limit}")));

        Assert.Equal(["limit"], await response.ValidationErrorsAsync());
    }

    [Fact]
    public async Task Pruning_deletes_the_firings_older_than_the_retention_and_keeps_the_rest()
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var expired = Firing(id, now - Retention - TimeSpan.FromMinutes(1));
        var almostExpired = Firing(id, now - Retention + TimeSpan.FromMinutes(1));
        var recent = Firing(id, now.AddHours(-1));
        await StoreAsync(expired, almostExpired, recent);

        await api.Services.GetRequiredService<AlertHistoryPruning>().PruneAsync(now, CancellationToken.None);

        Assert.Equal(new[] { almostExpired.Id, recent.Id }.Order(), await KeptAsync(id));
    }

    [Fact]
    public async Task When_an_hour_passes_then_the_firings_that_expired_meanwhile_are_deleted()
    {
        var id = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(start);
        var expiresWithinTheHour = Firing(id, start - Retention + TimeSpan.FromMinutes(30));
        var recent = Firing(id, start.AddHours(-1));
        await StoreAsync(expiresWithinTheHour, recent);
        using var pruning = new AlertHistoryPruning(
            api.Store, clock, Options.Create(new AlertHistoryOptions { AlertHistoryRetention = Retention }), NullLogger<AlertHistoryPruning>.Instance);
        await pruning.StartAsync(CancellationToken.None);
        try
        {
            clock.Advance(AlertHistoryPruning.Interval);

            await Eventually.HoldsAsync(async () => (await KeptAsync(id)).SequenceEqual([recent.Id]), "the firing expired during the hour to be deleted");
        }
        finally
        {
            await pruning.StopAsync(CancellationToken.None);
        }
    }

    private TimeSpan Retention => api.Services.GetRequiredService<IOptions<AlertHistoryOptions>>().Value.AlertHistoryRetention;

    private async Task<IReadOnlyList<Guid>> KeptAsync(Guid portfolioId)
    {
        await using var session = api.Store.QuerySession();
        return (await session.Query<AlertFiring>().Where(f => f.PortfolioId == portfolioId).ToListAsync()).Select(f => f.Id).Order().ToList();
    }

    private static AlertFiring Firing(Guid portfolioId, DateTimeOffset triggeredAt, DateTimeOffset? observedAt = null)
    {
        var ruleId = Guid.NewGuid();
        var observed = observedAt ?? triggeredAt.AddSeconds(-1);
        return new AlertFiring(AlertFiring.IdOf(ruleId, observed), portfolioId, ruleId, "AAPL", "above", 180m, 180.42m, observed, triggeredAt);
    }

    private static AlertFiringView View(AlertFiring f) => new(f.RuleId, f.Symbol, f.Condition, f.Threshold, f.Price, f.ObservedAt, f.TriggeredAt);

    private async Task StoreAsync(params AlertFiring[] firings)
    {
        await using var session = api.Store.LightweightSession();
        session.Store(firings);
        await session.SaveChangesAsync();
    }

    private static async Task<List<AlertFiringView>> FiredAsync(HttpClient client, Guid id, string query = "")
    {
        var response = await client.GetAsync(Url(PathOf(id, "/alerts/fired" + query)));
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<AlertFiringView>>(Json))!;
    }
}
