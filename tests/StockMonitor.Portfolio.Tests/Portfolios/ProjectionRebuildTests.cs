using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Valuation;
using StockMonitor.Portfolio.Tests.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Tests.Portfolios;

/// <summary>The stored snapshot (folded inline, event by event, as commands arrived) equals a fold of the raw events.</summary>
public class ProjectionRebuildTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task Rebuilding_from_the_events_gives_the_same_portfolio_and_the_same_views()
    {
        var id = await VariedPortfolioAsync();

        await using var session = api.Store.QuerySession();
        var stored = await session.LoadAsync<PortfolioState>(id);
        var rebuilt = await session.Events.AggregateStreamAsync<PortfolioState>(id);
        var events = await session.Events.FetchStreamAsync(id);
        var folded = PortfolioState.Fold(events.Select(e => e.Data));

        Assert.NotNull(stored);
        Assert.NotNull(rebuilt);
        Assert.Equal(events.Count, stored.Version);
        Assert.Equal(Serialize(stored), Serialize(rebuilt));
        Assert.Equal(Serialize(stored), Serialize(folded));
        var views = api.Services.GetRequiredService<PortfolioViews>();
        var served = await api.Client.GetViewAsync(id);
        Assert.Equal(Serialize(views.Of(rebuilt)), Serialize(served with { Performance = null }));
    }

    [Fact]
    public async Task Rebuilding_a_lost_snapshot_with_marten_restores_the_same_portfolio()
    {
        var id = await VariedPortfolioAsync();
        var before = await api.Client.GetViewAsync(id);

        await using (var session = api.Store.LightweightSession())
        {
            session.Delete<PortfolioState>(id);
            await session.SaveChangesAsync();
        }

        await (await api.Client.GetAsync(Url(PathOf(id)))).ProblemAsync(HttpStatusCode.NotFound);

        await api.Store.Advanced.RebuildSingleStreamAsync<PortfolioState>(id);

        var after = await api.Client.GetViewAsync(id);

        Assert.Equal(Serialize(before), Serialize(after));
    }

    /// <summary>Every kind of event, with back-dated trades, a back-dated withdrawal and a split between trades.</summary>
    private async Task<Guid> VariedPortfolioAsync()
    {
        var id = (await api.Client.OpenAsync("Varied")).Id;
        await (await api.Client.DepositAsync(id, 10_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 100m, 5m, Day(3))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 7, 33.33m, 1.11m, Day(4), "MSFT")).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 4, 130m, 2m, Day(12))).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/splits"), new { symbol = "AAPL", ratio = 3m, effectiveAt = Day(8) })).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 5, 90m, 0m, Day(2))).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 3, 35m, 0.5m, Day(6), "MSFT")).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/dividends"), new { symbol = "MSFT", amount = 4.2m, paidAt = Day(7) })).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/fees"), new { amount = 9.99m, description = "custody", at = Day(9) })).ViewAsync();
        await (await api.Client.WithdrawAsync(id, 1_000m, Day(2))).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "NVDA" })).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "TSLA" })).ViewAsync();
        await (await api.Client.DeleteAsync(Url(PathOf(id, "/watchlist/TSLA")))).ViewAsync();
        var alert = await api.Client.PostAsync(PathOf(id, "/alerts"), new { symbol = "AAPL", condition = "move", threshold = 3m, windowMinutes = 60 });
        await alert.ExpectAsync(HttpStatusCode.Created);
        await (await api.Client.PostAsync(PathOf(id, "/alerts"), new { symbol = "MSFT", condition = "below", threshold = 30m })).ExpectAsync(HttpStatusCode.Created);
        await (await api.Client.DeleteAsync(alert.Headers.Location)).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/rename"), new { name = "Varied, renamed" })).ViewAsync();
        return id;
    }

    private static string Serialize(object value) => JsonSerializer.Serialize(value, PortfolioHttp.Json);
}
