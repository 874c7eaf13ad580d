using Marten;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// Commands recorded while the relay was off reach it in one page: the portfolio's change is published once, at the
/// newest version, not once per event.
/// </summary>
public sealed class RelayBacklogTests
{
    [Fact]
    public async Task When_several_commands_wait_in_one_page_then_one_PortfolioChanged_carries_the_newest_version()
    {
        var at = new DateTimeOffset(2026, 2, 3, 15, 0, 0, TimeSpan.Zero);
        Guid id;
        long newest;
        string database;
        var appending = new RelayHost(null, relay: false);
        await appending.InitializeAsync();
        try
        {
            id = await appending.Api.OpenAsync();
            await appending.Api.DepositAsync(id, 1_000m, at);
            await appending.Api.RenameAsync(id, "Backlog");
            newest = await appending.Api.WithdrawAsync(id, 200m, at.AddHours(1));
            database = appending.Database;
        }
        finally
        {
            await appending.DisposeAsync();
        }

        var relaying = new RelayHost(null, database, inOrder: true);
        await relaying.InitializeAsync();
        try
        {
            // The in-order bus records the page's messages in the order they were published, PortfolioChanged last.
            await Published.WaitForAsync<PortfolioChanged>(relaying.Bus, c => c.PortfolioId == id, "the portfolio's change");

            var (changed, messageId) = Assert.Single(relaying.Bus.ReceivedWithIds<PortfolioChanged>(), c => c.Message.PortfolioId == id);
            Assert.Equal(4L, newest);
            Assert.Equal(newest, changed.Version);
            Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.PortfolioChangedKind, id, newest), messageId);
            await using var session = relaying.Store.QuerySession();
            Assert.Equal((await session.Events.FetchStreamAsync(id)).Single(e => e.Version == newest).Timestamp, changed.ChangedAt);
        }
        finally
        {
            await relaying.DisposeAsync();
        }
    }
}
