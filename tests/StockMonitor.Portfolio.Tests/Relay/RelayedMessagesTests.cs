using JasperFx.Events;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Relay;
using PortfolioState = StockMonitor.Portfolio.Portfolios.Portfolio;

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
        var open = PortfolioState.Create(new PortfolioOpened(PortfolioId, "Growth", "demo", "USD", At)).Apply(new SymbolWatched(PortfolioId, "MSFT", At));
        open.Version = 9;
        var closed = open.Apply(new PortfolioClosed(PortfolioId, At));
        closed.Version = 10;
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

    private static Event<T> Appended<T>(T data, long version)
        where T : notnull => new(data) { StreamId = PortfolioId, Version = version, Timestamp = At.AddMinutes(1), Id = Guid.NewGuid() };
}
