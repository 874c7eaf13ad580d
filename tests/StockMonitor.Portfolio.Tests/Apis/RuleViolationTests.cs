using System.Net;
using System.Text.Json;
using StockMonitor.Portfolio.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>409s (and the 404s for things a portfolio does not have): the rules the state enforces, each appending nothing.</summary>
public class RuleViolationTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task Selling_more_than_held_is_409_and_appends_nothing()
    {
        var id = await FundedAsync(1_000m);
        await (await api.Client.TradeAsync(id, "buy", 2, 50m, 0m, Day(5))).ViewAsync();

        var response = await api.Client.TradeAsync(id, "sell", 3, 55m, 0m, Day(6));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Not enough shares", problem.Title);
        Assert.Contains("holds 2", problem.Detail, StringComparison.Ordinal);
        await AssertVersionAsync(id, 3);
    }

    [Fact]
    public async Task Selling_a_symbol_never_held_is_409()
    {
        var id = await FundedAsync(1_000m);

        var response = await api.Client.TradeAsync(id, "sell", 1, 55m, 0m, Day(6), "MSFT");

        Assert.Equal("Not enough shares", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
        await AssertVersionAsync(id, 2);
    }

    [Fact]
    public async Task Withdrawing_more_than_the_cash_is_409()
    {
        var id = await FundedAsync(100m);

        var response = await api.Client.WithdrawAsync(id, 100.01m, Day(5));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Not enough cash", problem.Title);
        Assert.Contains("has 100 in cash", problem.Detail, StringComparison.Ordinal);
        await AssertVersionAsync(id, 2);
    }

    [Fact]
    public async Task Withdrawing_all_the_cash_is_allowed()
    {
        var id = await FundedAsync(100m);

        var view = await (await api.Client.WithdrawAsync(id, 100m, Day(5))).ViewAsync();

        Assert.Equal(0m, view.Cash);
    }

    [Fact]
    public async Task Buying_without_enough_cash_is_409()
    {
        var id = await FundedAsync(1_000m);

        // 10 × 100 + 0.01 fees = 1000.01 > 1000.
        var response = await api.Client.TradeAsync(id, "buy", 10, 100m, 0.01m, Day(5));

        Assert.Equal("Not enough cash", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
        await AssertVersionAsync(id, 2);
    }

    [Fact]
    public async Task Buying_before_the_cash_arrived_is_409()
    {
        var id = await FundedAsync(1_000m, Day(10));

        var response = await api.Client.TradeAsync(id, "buy", 1, 100m, 0m, Day(9));

        Assert.Equal("Not enough cash", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
        await AssertVersionAsync(id, 2);
    }

    [Fact]
    public async Task Fee_larger_than_the_cash_is_409()
    {
        var id = await FundedAsync(5m);

        var response = await api.Client.PostAsync(PathOf(id, "/fees"), new { amount = 6m, at = Day(5) });

        Assert.Equal("Not enough cash", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
        await AssertVersionAsync(id, 2);
    }

    [Fact]
    public async Task Back_dated_sell_before_the_shares_were_bought_is_409()
    {
        var id = await FundedAsync(1_000m, Day(1));
        await (await api.Client.TradeAsync(id, "buy", 5, 10m, 0m, Day(10))).ViewAsync();

        var response = await api.Client.TradeAsync(id, "sell", 5, 10m, 0m, Day(9));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Not enough shares", problem.Title);
        Assert.Contains("holds 0", problem.Detail, StringComparison.Ordinal);
        await AssertVersionAsync(id, 3);
    }

    [Fact]
    public async Task Back_dated_withdrawal_that_would_leave_a_later_buy_short_is_409()
    {
        // Deposit 1000 on day 1, buy for 800 on day 10. Withdrawing 300 on day 5 is fine on day 5 (1000 in cash)
        // but leaves 700 for the buy of 800 on day 10.
        var id = await FundedAsync(1_000m, Day(1));
        await (await api.Client.TradeAsync(id, "buy", 8, 100m, 0m, Day(10))).ViewAsync();

        var response = await api.Client.WithdrawAsync(id, 300m, Day(5));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Not enough cash", problem.Title);
        Assert.Contains("would break a later movement", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("buying 8 AAPL", problem.Detail, StringComparison.Ordinal);
        await AssertVersionAsync(id, 3);
    }

    [Fact]
    public async Task Back_dated_withdrawal_that_leaves_enough_is_allowed()
    {
        var id = await FundedAsync(1_000m, Day(1));
        await (await api.Client.TradeAsync(id, "buy", 8, 100m, 0m, Day(10))).ViewAsync();

        var view = await (await api.Client.WithdrawAsync(id, 200m, Day(5))).ViewAsync();

        Assert.Equal(0m, view.Cash);
    }

    [Fact]
    public async Task Back_dated_sell_that_would_leave_a_later_sell_short_is_409()
    {
        // Hold 10 from day 2; a sale of 8 on day 10 is recorded. Selling 5 on day 5 would leave 5 for the 8.
        var id = await FundedAsync(1_000m, Day(1));
        await (await api.Client.TradeAsync(id, "buy", 10, 10m, 0m, Day(2))).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 8, 10m, 0m, Day(10))).ViewAsync();

        var response = await api.Client.TradeAsync(id, "sell", 5, 10m, 0m, Day(5));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Not enough shares", problem.Title);
        Assert.Contains("would break a later movement", problem.Detail, StringComparison.Ordinal);
        await AssertVersionAsync(id, 4);
    }

    [Fact]
    public async Task Back_dated_reverse_split_that_would_leave_a_later_sell_short_is_409()
    {
        // 10 shares; 8 sold on day 10. A 1-for-2 split on day 5 leaves 5 shares for that sale.
        var id = await FundedAsync(1_000m, Day(1));
        await (await api.Client.TradeAsync(id, "buy", 10, 10m, 0m, Day(2))).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 8, 10m, 0m, Day(10))).ViewAsync();

        var response = await api.Client.PostAsync(PathOf(id, "/splits"), new { symbol = "AAPL", ratio = 0.5m, effectiveAt = Day(5) });

        Assert.Equal("Not enough shares", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
        await AssertVersionAsync(id, 4);
    }

    /// <summary>Every command on a closed portfolio, with a body that would otherwise succeed.</summary>
    public static TheoryData<string, string, string?> CommandsOnAClosedPortfolio => new()
    {
        { "POST", "/deposits", """{"amount":1}""" },
        { "POST", "/withdrawals", """{"amount":1}""" },
        { "POST", "/fees", """{"amount":1}""" },
        { "POST", "/trades", """{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"executedAt":"2026-01-20T10:00:00Z"}""" },
        { "POST", "/trades", """{"symbol":"AAPL","side":"sell","quantity":1,"price":1,"executedAt":"2026-01-20T10:00:00Z"}""" },
        { "POST", "/dividends", """{"symbol":"AAPL","amount":1}""" },
        { "POST", "/splits", """{"symbol":"AAPL","ratio":2,"effectiveAt":"2026-01-20T10:00:00Z"}""" },
        { "POST", "/watchlist", """{"symbol":"MSFT"}""" },
        { "POST", "/rename", """{"name":"Reopened"}""" },
        { "POST", "/close", null },
        { "POST", "/alerts", """{"symbol":"AAPL","condition":"above","threshold":1}""" },
        { "DELETE", "/alerts/{rule}", null },
        { "DELETE", "/watchlist/AAPL", null },
    };

    [Theory]
    [MemberData(nameof(CommandsOnAClosedPortfolio))]
    public async Task Closed_portfolio_accepts_nothing(string method, string path, string? body)
    {
        var id = await FundedAsync(100m, Day(1));
        await (await api.Client.TradeAsync(id, "buy", 2, 1m, 0m, Day(2))).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "AAPL" })).ViewAsync();
        var added = await api.Client.PostAsync(PathOf(id, "/alerts"), new { symbol = "AAPL", condition = "above", threshold = 1m });
        var rule = JsonSerializer.Deserialize<AlertRuleView>(await added.ExpectAsync(HttpStatusCode.Created), Json)!;
        await (await api.Client.PostAsync(Url(PathOf(id, "/close")), null)).ViewAsync();

        var response = await api.Client.SendAsync(new HttpMethod(method), PathOf(id, path.Replace("{rule}", rule.RuleId.ToString(), StringComparison.Ordinal)), body);

        Assert.Equal("Portfolio closed", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title);
        await AssertVersionAsync(id, 6);
    }

    [Fact]
    public async Task Unwatching_a_symbol_not_watched_is_404()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.DeleteAsync(Url(PathOf(id, "/watchlist/TSLA")));

        Assert.Equal("Not on the watchlist", (await response.ProblemAsync(HttpStatusCode.NotFound)).Title);
        await AssertVersionAsync(id, 1);
    }

    [Fact]
    public async Task Removing_an_unknown_alert_rule_is_404()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.DeleteAsync(Url(PathOf(id, $"/alerts/{Guid.NewGuid()}")));

        Assert.Equal("Alert rule not found", (await response.ProblemAsync(HttpStatusCode.NotFound)).Title);
        await AssertVersionAsync(id, 1);
    }

    private async Task<Guid> FundedAsync(decimal cash, DateTimeOffset? at = null)
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, cash, at ?? Day(1))).ViewAsync();
        return id;
    }

    /// <summary>The portfolio is still at <paramref name="version"/>: the refused command appended nothing.</summary>
    private async Task AssertVersionAsync(Guid id, long version)
    {
        var response = await api.Client.GetAsync(Url(PathOf(id)));
        Assert.Equal(version, (await response.ViewAsync()).Version);
        Assert.Equal(version, (await api.Client.EventsAsync(id)).Count);
    }
}
