using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Tests.Apis;
using StockMonitor.Portfolio.Valuation;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Portfolios;

/// <summary>The service with a snapshot stored every 3 events, so that a short history has snapshots mid-stream.</summary>
public sealed class FrequentSnapshotsFixture : PortfolioApiFixture
{
    public const int Every = 3;

    protected override void Configure(IDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Portfolio:SnapshotEvery"] = Every.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A portfolio's state is its stored snapshot plus the events after it, and equals a fold of the whole stream; the
/// copy a replica keeps in memory never makes it decide on an old state.
/// </summary>
public class PortfolioSnapshotTests(FrequentSnapshotsFixture api) : IClassFixture<FrequentSnapshotsFixture>
{
    [Fact]
    public async Task Snapshot_and_the_events_after_it_give_the_fold_of_the_whole_stream_and_the_same_views()
    {
        var id = await VariedPortfolioAsync();

        await using var session = api.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        var stored = await session.LoadAsync<PortfolioState>(id);
        var loaded = await PortfolioSnapshots.LoadAsync(session, id, CancellationToken.None);
        var folded = PortfolioState.Fold(events.Select(e => e.Data));

        // The snapshot was written mid-stream (within the last 3 events), and is the fold of the events up to it.
        Assert.NotNull(stored);
        Assert.InRange(stored.Version, events.Count - FrequentSnapshotsFixture.Every + 1, events.Count);
        Assert.Equal(Serialize(PortfolioState.Fold(events.Take((int)stored.Version).Select(e => e.Data))), Serialize(stored));
        Assert.NotNull(loaded);
        Assert.Equal(stored.Version, loaded.SnapshotVersion);
        Assert.Equal(events.Count, loaded.State.Version);
        Assert.Equal(Serialize(folded), Serialize(loaded.State));
        var views = api.Services.GetRequiredService<PortfolioViews>();
        var served = await api.Client.GetViewAsync(id);
        Assert.Equal(Serialize(views.Of(folded)), Serialize(served with { Performance = null }));
    }

    [Fact]
    public async Task A_lost_snapshot_costs_a_fold_and_commands_store_it_again()
    {
        var id = await VariedPortfolioAsync();
        var before = await api.Client.GetViewAsync(id);

        await using (var session = api.Store.LightweightSession())
        {
            session.Delete<PortfolioState>(id);
            await session.SaveChangesAsync();
        }

        var folded = await api.Client.GetViewAsync(id);
        for (var k = 0; k < FrequentSnapshotsFixture.Every; k++)
        {
            await (await api.Client.DepositAsync(id, 1m)).ViewAsync();
        }

        await using var query = api.Store.QuerySession();
        var stored = await query.LoadAsync<PortfolioState>(id);
        Assert.Equal(Serialize(before), Serialize(folded));
        Assert.NotNull(stored);
        // Within 3 commands (the replica's count since the snapshot it last stored, or since none).
        Assert.InRange(stored.Version, before.Version + 1, before.Version + FrequentSnapshotsFixture.Every);
        Assert.Equal(before.Cash + (stored.Version - before.Version), stored.Ledger.Cash);
    }

    [Fact]
    public async Task A_command_after_another_replica_wrote_decides_on_the_new_state()
    {
        // Arrange: the service has the portfolio in memory at version 2 (1,000 cash); another writer then deposits 500.
        var id = (await api.Client.OpenAsync("Two replicas")).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();
        await AppendBehindTheServiceAsync(id, new CashDeposited(id, 500m, Day(2)));

        // Act: commands decided first on the copy in memory; then one at the current ETag and one at an old one.
        var deposited = await (await api.Client.DepositAsync(id, 5m, Day(3))).ViewAsync();
        await AppendBehindTheServiceAsync(id, new FeeCharged(id, 10m, "custody", Day(4)));
        var withdrawn = await (await api.Client.WithdrawAsync(id, 1_200m, Day(5))).ViewAsync();
        await AppendBehindTheServiceAsync(id, new FeeCharged(id, 10m, "custody", Day(6)));
        var current = await api.Client.GetViewAsync(id);
        var matched = await (await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 5m }, ifMatch: PortfolioCommands.ETag(current.Version))).ViewAsync();
        var stale = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 5m }, ifMatch: PortfolioCommands.ETag(current.Version));

        // Assert: every event counted once, at the versions the stream has.
        Assert.Equal((4, 1_505m), (deposited.Version, deposited.Cash));
        Assert.Equal((6, 295m), (withdrawn.Version, withdrawn.Cash));
        Assert.Equal((7, 285m), (current.Version, current.Cash));
        Assert.Equal((8, 290m), (matched.Version, matched.Cash));
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(8, (await api.Client.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task A_refusal_is_decided_on_the_state_the_database_holds()
    {
        // Arrange: in memory the portfolio has no cash; another writer deposits 100.
        var id = (await api.Client.OpenAsync("Refusal")).Id;
        await (await api.Client.DepositAsync(id, 1m, Day(1))).ViewAsync();
        await (await api.Client.WithdrawAsync(id, 1m, Day(1).AddHours(1))).ViewAsync();
        await AppendBehindTheServiceAsync(id, new CashDeposited(id, 100m, Day(2)));

        // Act: a buy of 50 that the copy in memory would refuse for want of cash.
        var bought = await (await api.Client.TradeAsync(id, "buy", 1, 50m, 0m, Day(3))).ViewAsync();

        // Assert
        Assert.Equal(5, bought.Version);
        Assert.Equal(50m, bought.Cash);
    }

    /// <summary>Appends as another replica of the service would: events at the stream's next versions, the snapshot left alone.</summary>
    private async Task AppendBehindTheServiceAsync(Guid id, params object[] events)
    {
        await using var session = api.Store.LightweightSession();
        session.Events.Append(id, events);
        await session.SaveChangesAsync();
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
