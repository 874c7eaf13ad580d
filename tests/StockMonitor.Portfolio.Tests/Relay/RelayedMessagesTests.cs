using JasperFx.Events;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Relay;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Tests.Relay;

public class RelayedMessagesTests
{
    private static readonly Guid PortfolioId = Guid.Parse("0195a1f2-7c3e-7b4a-9d10-2f6c8e4b1a01");
    private static readonly DateTimeOffset At = new(2026, 1, 5, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Trade_of_the_same_event_gets_the_same_message_id_and_a_sale_is_a_sell()
    {
        var sold = new SharesSold(PortfolioId, "AAPL", 3m, 190m, 1m, At);

        var first = RelayedMessages.Trade(Appended(sold, version: 7), sold);
        var again = RelayedMessages.Trade(Appended(sold, version: 7), sold);

        Assert.Equal(first.MessageId, again.MessageId);
        var trade = Assert.IsType<TradeRecorded>(first.Message);
        Assert.Equal((TradeSides.Sell, 7L), (trade.Side, trade.Version));
        Assert.NotEqual(first.MessageId, RelayedMessages.Trade(Appended(sold, version: 8), sold).MessageId);
    }

    [Fact]
    public void Symbols_are_the_current_set_at_the_current_version_and_empty_once_closed()
    {
        var open = PortfolioState.Start(new PortfolioOpened(PortfolioId, "Growth", "demo", "USD", At)).After(new SymbolWatched(PortfolioId, "MSFT", At)) with { Version = 9 };
        var closed = open.After(new PortfolioClosed(PortfolioId, At));
        var change = Appended(new SymbolWatched(PortfolioId, "MSFT", At), version: 2);

        var ofOpen = Assert.IsType<PortfolioSymbolsChanged>(RelayedMessages.Symbols(PortfolioId, open, change).Message);
        var ofClosed = Assert.IsType<PortfolioSymbolsChanged>(RelayedMessages.Symbols(PortfolioId, closed, change).Message);

        Assert.Equal(["MSFT"], ofOpen.Symbols);
        Assert.Equal(9L, ofOpen.Version);
        Assert.Empty(ofClosed.Symbols);
        Assert.Equal(10L, ofClosed.Version);
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.SymbolsChangedKind, PortfolioId, 9), RelayedMessages.Symbols(PortfolioId, open, change).MessageId);
    }

    [Fact]
    public void Cash_movements_and_renames_cannot_change_the_symbols_but_splits_can()
    {
        Assert.False(RelayedMessages.CanChangeSymbols(new CashDeposited(PortfolioId, 10m, At)));
        Assert.False(RelayedMessages.CanChangeSymbols(new PortfolioRenamed(PortfolioId, "New", At)));
        Assert.True(RelayedMessages.CanChangeSymbols(new StockSplit(PortfolioId, "AAPL", 2m, At)));
    }

    [Fact]
    public void Changes_give_one_message_per_portfolio_at_its_newest_event_in_the_page()
    {
        var other = Guid.Parse("0195a1f2-7c3e-7b4a-9d10-2f6c8e4b1a02");
        IEvent[] page =
        [
            Appended(new CashDeposited(PortfolioId, 10m, At), version: 3),
            Appended(new PortfolioRenamed(other, "Other", At), version: 7, streamId: other),
            Appended(new FeeCharged(PortfolioId, 1m, "Custody", At), version: 4),
            Appended(new CashWithdrawn(PortfolioId, 2m, At), version: 5, timestamp: At.AddMinutes(9)),
        ];

        var changes = RelayedMessages.Changes(page);

        Assert.Equal(2, changes.Count);
        var ofPortfolio = Assert.Single(changes, c => ((PortfolioChanged)c.Message).PortfolioId == PortfolioId);
        Assert.Equal(new PortfolioChanged(PortfolioId, 5, At.AddMinutes(9)), ofPortfolio.Message);
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.PortfolioChangedKind, PortfolioId, 5), ofPortfolio.MessageId);
        var ofOther = Assert.Single(changes, c => ((PortfolioChanged)c.Message).PortfolioId == other);
        Assert.Equal(new PortfolioChanged(other, 7, At.AddMinutes(1)), ofOther.Message);
        Assert.Equal(changes.Select(c => c.MessageId), RelayedMessages.Changes(page).Select(c => c.MessageId));
        Assert.Empty(RelayedMessages.Changes([]));
    }

    private static Event<T> Appended<T>(T data, long version, Guid? streamId = null, DateTimeOffset? timestamp = null)
        where T : notnull => new(data) { StreamId = streamId ?? PortfolioId, Version = version, Timestamp = timestamp ?? At.AddMinutes(1), Id = Guid.NewGuid() };
}
