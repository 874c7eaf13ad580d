using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>What the relay publishes for each kind of event, from the service hosted in the test.</summary>
public sealed class BusRelayTests(RelayHost host) : IClassFixture<RelayHost>
{
    private static readonly DateTimeOffset Executed = new(2026, 1, 5, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_shares_are_bought_then_the_trade_and_the_symbol_set_are_published()
    {
        var id = await host.Api.OpenAsync();
        await host.Api.DepositAsync(id, 10_000m, Executed.AddDays(-1));

        var version = await host.Api.TradeAsync(id, "buy", "AAPL", 10m, 150.25m, 1.5m, Executed);

        var (trade, tradeId) = Assert.Single(await Published.WaitForAsync<TradeRecorded>(host.Bus, t => t.PortfolioId == id, "the trade"));
        Assert.Equal((id, "AAPL", TradeSides.Buy, 10m, 150.25m, 1.5m, Executed, version), (trade.PortfolioId, trade.Symbol, trade.Side, trade.Quantity, trade.Price, trade.Fees, trade.ExecutedAt, trade.Version));
        Assert.True(trade.RecordedAt > Executed, "RecordedAt is when the event was appended, not when the trade was executed.");
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.TradeRecordedKind, id, version), tradeId);
        var (symbols, symbolsId) = (await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == version, "the symbol set after the buy"))[0];
        Assert.Equal(["AAPL"], symbols.Symbols);
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.SymbolsChangedKind, id, version), symbolsId);
    }

    [Fact]
    public async Task When_all_shares_are_sold_then_the_trade_is_published_and_the_symbol_leaves_the_set()
    {
        var id = await host.Api.OpenAsync();
        await host.Api.DepositAsync(id, 10_000m, Executed.AddDays(-1));
        await host.Api.TradeAsync(id, "buy", "MSFT", 5m, 400m, 0m, Executed);

        var version = await host.Api.TradeAsync(id, "sell", "MSFT", 5m, 410m, 2m, Executed.AddDays(1));

        var sale = (await Published.WaitForAsync<TradeRecorded>(host.Bus, t => t.PortfolioId == id && t.Side == TradeSides.Sell, "the sale"))[0].Message;
        Assert.Equal(("MSFT", 5m, 410m, 2m, version), (sale.Symbol, sale.Quantity, sale.Price, sale.Fees, sale.Version));
        var symbols = (await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == version, "the symbol set after the sale"))[0].Message;
        Assert.Empty(symbols.Symbols);
    }

    [Fact]
    public async Task When_symbols_are_watched_and_unwatched_then_each_change_publishes_the_symbol_set()
    {
        var id = await host.Api.OpenAsync();

        var watched = await host.Api.WatchAsync(id, "NVDA");
        var afterWatch = (await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == watched, "the set with NVDA"))[0].Message;
        var alsoWatched = await host.Api.WatchAsync(id, "AMD");
        var afterSecond = (await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == alsoWatched, "the set with AMD"))[0].Message;
        var unwatched = await host.Api.UnwatchAsync(id, "NVDA");
        var afterUnwatch = (await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == unwatched, "the set without NVDA"))[0].Message;

        Assert.Equal(["NVDA"], afterWatch.Symbols);
        Assert.Equal(["AMD", "NVDA"], afterSecond.Symbols);
        Assert.Equal(["AMD"], afterUnwatch.Symbols);
        Assert.DoesNotContain(host.Bus.Received<TradeRecorded>(), t => t.PortfolioId == id);
    }

    [Fact]
    public async Task When_an_alert_rule_is_added_and_removed_then_both_are_published_with_its_symbol()
    {
        var id = await host.Api.OpenAsync();

        var (ruleId, added) = await host.Api.AddAlertRuleAsync(id, "TSLA", 300m);
        var (addition, additionId) = Assert.Single(await Published.WaitForAsync<AlertRuleAdded>(host.Bus, r => r.RuleId == ruleId, "the rule's addition"));
        var removed = await host.Api.RemoveAlertRuleAsync(id, ruleId);
        var (removal, removalId) = Assert.Single(await Published.WaitForAsync<AlertRuleRemoved>(host.Bus, r => r.RuleId == ruleId, "the rule's removal"));

        Assert.Equal((id, "TSLA", "above", 300m, (int?)null, 30), (addition.PortfolioId, addition.Symbol, addition.Condition, addition.Threshold, addition.WindowMinutes, addition.CooldownMinutes));
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.AlertRuleAddedKind, id, added), additionId);
        Assert.Equal((id, "TSLA"), (removal.PortfolioId, removal.Symbol));
        Assert.True(removal.RemovedAt >= addition.AddedAt);
        Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.AlertRuleRemovedKind, id, removed), removalId);
    }

    [Fact]
    public async Task When_a_portfolio_is_closed_then_its_symbol_set_is_published_empty()
    {
        var id = await host.Api.OpenAsync();
        await host.Api.WatchAsync(id, "IBM");

        var closed = await host.Api.CloseAsync(id);

        var symbols = (await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == closed, "the empty set of the closed portfolio"))[0].Message;
        Assert.Empty(symbols.Symbols);
    }
}
