using Marten;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Tests.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Portfolios;

/// <summary>The stored snapshot holds cash and open lots, not the history: reading or updating it costs the same however long the history.</summary>
public class SnapshotSizeTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task Snapshot_does_not_grow_with_trades_that_close_their_lots()
    {
        // Arrange: two portfolios holding the same, one after 2 round trips (buy then sell all), the other after 40.
        var shortHistory = await RoundTripsAsync(2);
        var longHistory = await RoundTripsAsync(40);

        // Act
        var (shortBytes, longBytes) = (await StoredBytesAsync(shortHistory), await StoredBytesAsync(longHistory));

        // Assert: 76 more events, and the documents differ by a few digits at most (cash, version, realized P&L).
        Assert.InRange(longBytes - shortBytes, -32, 32);
    }

    private async Task<Guid> RoundTripsAsync(int count)
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 100_000m, Day(1))).ViewAsync();
        for (var i = 0; i < count; i++)
        {
            await (await api.Client.TradeAsync(id, "buy", 10, 100m, 1m, Day(2).AddMinutes(2 * i))).ViewAsync();
            await (await api.Client.TradeAsync(id, "sell", 10, 101m, 1m, Day(2).AddMinutes((2 * i) + 1))).ViewAsync();
        }

        return id;
    }

    private async Task<int> StoredBytesAsync(Guid id)
    {
        // The snapshot a command would store now (stored ones are every few events, so not at the same points).
        await using var session = api.Store.QuerySession();
        var loaded = await PortfolioSnapshots.LoadAsync(session, id, CancellationToken.None);
        Assert.NotNull(loaded);
        return api.Store.Options.Serializer().ToJson(loaded.State with { History = null }).Length;
    }
}
