using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.RecordingTrades;

namespace StockMonitor.Portfolio.Tests.Portfolios;

public class PortfolioTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    private static DateTimeOffset Day(int day) => new(2026, 1, day, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_folds_cash_trades_corporate_actions_and_fees_into_the_ledger()
    {
        // The hand-worked case of HoldingTests/LedgerTests as events:
        // cash 3000 − 1005 − 1205 + 1743 + 15 − 3 = 2545; 15 shares left costing 903.75; realized 436.75.
        var portfolio = Fold(
            new CashDeposited(Id, 3_000m, Day(1)),
            new SharesBought(Id, "AAPL", 10, 100m, 5m, Day(2)),
            new SharesBought(Id, "AAPL", 10, 120m, 5m, Day(3)),
            new StockSplit(Id, "AAPL", 2m, Day(4)),
            new SharesSold(Id, "AAPL", 25, 70m, 7m, Day(5)),
            new DividendReceived(Id, "AAPL", 15m, Day(6)),
            new FeeCharged(Id, 3m, "custody", Day(7)));

        var holding = portfolio.Ledger.HoldingOf("AAPL");
        Assert.Equal((2_545m, 20m, 15m), (portfolio.Ledger.Cash, portfolio.Ledger.Fees, portfolio.Ledger.Dividends));
        Assert.Equal((15m, 903.75m, 436.75m), (holding.Quantity, holding.OpenCost, holding.RealizedPnl));
        Assert.Equal(7, portfolio.History!.Count);
    }

    [Fact]
    public void Apply_of_a_back_dated_buy_replays_so_fifo_follows_execution_time()
    {
        // As in LedgerTests: the sale on day 20 was recorded before the buy back-dated to day 5, which it now consumes first.
        // Realized 5 × 150 − 5 × 80 = 350 (not 250); 15 shares costing 400 + 1000.
        var portfolio = Fold(
            new CashDeposited(Id, 5_000m, Day(1)),
            new SharesBought(Id, "AAPL", 10, 100m, 0m, Day(10)),
            new SharesSold(Id, "AAPL", 5, 150m, 0m, Day(20)),
            new SharesBought(Id, "AAPL", 10, 80m, 0m, Day(5)));

        var holding = portfolio.Ledger.HoldingOf("AAPL");
        Assert.Equal((350m, 15m, 1_400m, 3_950m), (holding.RealizedPnl, holding.Quantity, holding.OpenCost, portfolio.Ledger.Cash));
        // The fold (incremental, replaying only for the back-dated event) agrees with a full replay.
        var replayed = Ledger.Replay(portfolio.History!).Ledger;
        Assert.Equal((replayed.Cash, replayed.HoldingOf("AAPL").RealizedPnl), (portfolio.Ledger.Cash, holding.RealizedPnl));
    }

    [Fact]
    public void Apply_of_watchlist_alerts_rename_and_close_keeps_the_rest()
    {
        var rule = Guid.NewGuid();
        var portfolio = Fold(
            new SymbolWatched(Id, "MSFT", Day(1)),
            new SymbolWatched(Id, "MSFT", Day(1)),
            new SymbolWatched(Id, "NVDA", Day(1)),
            new SymbolUnwatched(Id, "NVDA", Day(2)),
            new AlertRuleAdded(Id, rule, "MSFT", "above", 500m, null, 15, Day(2)),
            new AlertRuleAdded(Id, Guid.NewGuid(), "MSFT", "below", 300m, null, 15, Day(2)),
            new AlertRuleRemoved(Id, rule, Day(3)),
            new PortfolioRenamed(Id, "Renamed", Day(3)),
            new PortfolioClosed(Id, Day(4)));

        Assert.Equal(["MSFT"], portfolio.Watchlist);
        Assert.Equal("below", Assert.Single(portfolio.AlertRules).Condition);
        Assert.Equal(("Renamed", true, (DateTimeOffset?)Day(4)), (portfolio.Name, portfolio.IsClosed, portfolio.ClosedAt));
    }

    [Fact]
    public void Symbols_are_those_held_and_watched_not_those_sold_out()
    {
        var portfolio = Fold(
            new CashDeposited(Id, 1_000m, Day(1)),
            new SharesBought(Id, "AAPL", 1, 10m, 0m, Day(2)),
            new SharesBought(Id, "IBM", 1, 10m, 0m, Day(2)),
            new SharesSold(Id, "IBM", 1, 10m, 0m, Day(3)),
            new SymbolWatched(Id, "MSFT", Day(3)));

        Assert.Equal(["AAPL", "MSFT"], portfolio.Symbols);
    }

    [Fact]
    public void After_an_event_that_is_not_a_change_is_refused()
    {
        var portfolio = Fold();

        Assert.Throws<ArgumentException>(() => portfolio.After(new PortfolioOpened(Id, "Again", "demo", "USD", Day(1))));
    }

    [Fact]
    public void Record_trade_of_a_back_dated_sell_before_the_buy_is_refused_naming_the_shares_then()
    {
        var portfolio = Fold(new CashDeposited(Id, 1_000m, Day(1)), new SharesBought(Id, "AAPL", 5, 10m, 0m, Day(10)));

        var refused = Assert.Throws<RuleViolationException>(() =>
            RecordTradeDecision.Handle(portfolio, new RecordTrade("AAPL", TradeSide.Sell, 5, 10m, 0m, Day(9))));

        Assert.Equal(("Not enough shares", 409), (refused.Title, refused.Status));
        Assert.Contains("holds 0", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_trade_of_a_back_dated_buy_that_starves_a_later_buy_is_refused_as_breaking_it()
    {
        // 1000 in cash; a buy of 600 on day 10. Another of 600 back-dated to day 5 is affordable then but leaves 400 for day 10.
        var portfolio = Fold(new CashDeposited(Id, 1_000m, Day(1)), new SharesBought(Id, "AAPL", 6, 100m, 0m, Day(10)));

        var refused = Assert.Throws<RuleViolationException>(() =>
            RecordTradeDecision.Handle(portfolio, new RecordTrade("MSFT", TradeSide.Buy, 6, 100m, 0m, Day(5))));

        Assert.Equal("Not enough cash", refused.Title);
        Assert.StartsWith("Recorded at 2026-01-05T15:00:00.0000000+00:00 it would break a later movement.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("has 400 in cash", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_trade_decides_the_event_without_changing_the_state()
    {
        var portfolio = Fold(new CashDeposited(Id, 1_000m, Day(1)));

        var events = RecordTradeDecision.Handle(portfolio, new RecordTrade("AAPL", TradeSide.Buy, 2, 100m, 1m, Day(2)));

        Assert.Equal([new SharesBought(Id, "AAPL", 2, 100m, 1m, Day(2))], events);
        Assert.Empty(portfolio.Ledger.Holdings);
        Assert.Equal(1_000m, portfolio.Ledger.Cash);
    }

    [Fact]
    public void Every_command_on_a_closed_portfolio_is_refused()
    {
        var portfolio = Fold(new CashDeposited(Id, 1_000m, Day(1)), new PortfolioClosed(Id, Day(2)));

        var refused = Assert.Throws<RuleViolationException>(() =>
            RecordTradeDecision.Handle(portfolio, new RecordTrade("AAPL", TradeSide.Buy, 1, 1m, 0m, Day(3))));

        Assert.Equal("Portfolio closed", refused.Title);
    }

    [Fact]
    public void Movement_of_maps_each_event_that_moves_cash_or_shares_and_nothing_else()
    {
        // Arrange
        var at = Day(3);

        // Act
        var movements = new object[]
        {
            new CashDeposited(Id, 10m, at), new CashWithdrawn(Id, 3m, at), new SharesBought(Id, "AAPL", 2m, 50m, 1m, at),
            new SharesSold(Id, "AAPL", 1m, 60m, 0.5m, at), new DividendReceived(Id, "AAPL", 0.7m, at), new StockSplit(Id, "AAPL", 4m, at),
            new FeeCharged(Id, 1.25m, "custody", at),
        }.Select((e, i) => Movement.Of(e, i + 2)).ToList();
        var others = new object[] { new PortfolioRenamed(Id, "x", at), new SymbolWatched(Id, "MSFT", at), new PortfolioClosed(Id, at) };

        // Assert
        Assert.Equal(
            [
                new Movement(2, MovementKind.Deposit, at, null, 0m, 0m, 0m, 10m), new Movement(3, MovementKind.Withdrawal, at, null, 0m, 0m, 0m, 3m),
                new Movement(4, MovementKind.Buy, at, "AAPL", 2m, 50m, 1m, 0m), new Movement(5, MovementKind.Sell, at, "AAPL", 1m, 60m, 0.5m, 0m),
                new Movement(6, MovementKind.Dividend, at, "AAPL", 0m, 0m, 0m, 0.7m), new Movement(7, MovementKind.Split, at, "AAPL", 4m, 0m, 0m, 0m),
                new Movement(8, MovementKind.Fee, at, null, 0m, 0m, 0m, 1.25m),
            ],
            movements);
        Assert.All(others, e => Assert.Null(Movement.Of(e, 9)));
    }

    [Fact]
    public void A_back_dated_movement_on_a_state_without_history_asks_for_it_and_is_decided_once_it_has_it()
    {
        // Arrange: as loaded from the snapshot, which keeps no history.
        var folded = Fold(new CashDeposited(Id, 1_000m, Day(1)), new SharesBought(Id, "AAPL", 6, 100m, 0m, Day(10)));
        var snapshot = folded with { History = null };
        var backDated = new SharesBought(Id, "MSFT", 6, 100m, 0m, Day(5));

        // Act / Assert: the decision and the fold both need the history; with it, the rules decide.
        Assert.Throws<HistoryNeededException>(() => snapshot.EnsureAllowed(backDated));
        Assert.Throws<HistoryNeededException>(() => snapshot.After(new CashDeposited(Id, 1m, Day(2))));
        Assert.Equal("Not enough cash", Assert.Throws<RuleViolationException>(() => (snapshot with { History = folded.History }).EnsureAllowed(backDated)).Title);
        Assert.Equal(401m, (snapshot with { History = folded.History }).After(new CashDeposited(Id, 1m, Day(2))).Ledger.Cash);
    }

    private static PortfolioState Fold(params object[] events) =>
        PortfolioState.Fold([new PortfolioOpened(Id, "Test", "demo", "USD", Day(1)), .. events]);
}
