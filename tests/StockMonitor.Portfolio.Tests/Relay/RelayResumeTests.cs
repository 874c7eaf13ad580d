using StockMonitor.Contracts.Portfolios;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// A restarted service relays from the progress its relay committed, not from the start of the event log: what was
/// published before the stop is not published again.
/// </summary>
public sealed class RelayResumeTests
{
    private static readonly DateTimeOffset At = new(2026, 2, 4, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_the_service_is_stopped_and_started_again_then_only_events_appended_since_are_published()
    {
        // Arrange: a first run relays a portfolio's events, commits its progress past them and stops.
        Guid id;
        long bought;
        string database;
        var first = new RelayHost(null, inOrder: true);
        await first.InitializeAsync();
        try
        {
            id = await first.Api.OpenAsync();
            await first.Api.DepositAsync(id, 1_000m, At);
            await first.Api.WatchAsync(id, "IBM");
            bought = await first.Api.TradeAsync(id, "buy", "AAPL", 2m, 100m, 0m, At.AddHours(1));
            database = first.Database;
            await Published.WaitForAsync<PortfolioChanged>(first.Bus, c => c.PortfolioId == id && c.Version == bought, "the first run's last change");
            var boughtSequence = await RelayProgress.SequenceOfAsync(database, id, bought);
            await Eventually.HoldsAsync(async () => await RelayProgress.CommittedAsync(database) == boughtSequence, "the first run to commit its progress at the buy");
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Act: started again on the same database, with a bus that records from now on (queue order); one more event.
        var second = new RelayHost(null, database, inOrder: true);
        await second.InitializeAsync();
        try
        {
            var sold = await second.Api.TradeAsync(id, "sell", "AAPL", 2m, 110m, 0m, At.AddHours(2));
            await Published.WaitForAsync<PortfolioChanged>(second.Bus, c => c.PortfolioId == id && c.Version == sold, "the sale's change");
            var soldSequence = await RelayProgress.SequenceOfAsync(database, id, sold);
            await Eventually.HoldsAsync(async () => await RelayProgress.CommittedAsync(database) == soldSequence, "the second run to commit its progress at the sale");

            // Assert: exactly the sale's three messages, by MessageId; nothing of the first run's events came again
            // (a relay that started over would have published them ahead of the sale, in this queue).
            Guid?[] published =
            [
                .. second.Bus.ReceivedWithIds<TradeRecorded>().Select(m => m.MessageId),
                .. second.Bus.ReceivedWithIds<PortfolioSymbolsChanged>().Select(m => m.MessageId),
                .. second.Bus.ReceivedWithIds<AlertRuleAdded>().Select(m => m.MessageId),
                .. second.Bus.ReceivedWithIds<AlertRuleRemoved>().Select(m => m.MessageId),
                .. second.Bus.ReceivedWithIds<PortfolioChanged>().Select(m => m.MessageId),
            ];
            Guid?[] expected =
            [
                PortfolioMessageId.For(PortfolioMessageId.TradeRecordedKind, id, sold),
                PortfolioMessageId.For(PortfolioMessageId.SymbolsChangedKind, id, sold),
                PortfolioMessageId.For(PortfolioMessageId.PortfolioChangedKind, id, sold),
            ];
            Assert.Equal(expected.Order(), published.Order());
            Assert.Equal(soldSequence, await RelayProgress.CommittedAsync(database));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
