using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Performance;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>Every command and query answering as it should; the errors are in the other classes of this folder.</summary>
public class PortfoliosApiTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task Open_returns_201_with_location_and_etag_and_the_portfolio_can_be_read()
    {
        var response = await api.Client.PostAsync("/api/portfolios", new { name = "Growth", currency = "eur" });

        var created = await response.ViewAsync(HttpStatusCode.Created);
        Assert.Equal(1, created.Version);
        Assert.Equal(("Growth", "EUR", 0m), (created.Name, created.Currency, created.Cash));
        Assert.Equal(PathOf(created.Id), response.Headers.Location?.ToString());
        var read = await api.Client.GetAsync(response.Headers.Location);
        var view = await read.ViewAsync();
        Assert.Equal((created.Id, 1L), (view.Id, view.Version));
        Assert.Empty(view.Holdings);
        Assert.NotNull(view.Performance);
    }

    [Fact]
    public async Task Open_without_currency_uses_usd()
    {
        var response = await api.Client.PostAsync("/api/portfolios", new { name = "Plain" });

        var created = await response.ViewAsync(HttpStatusCode.Created);
        Assert.Equal("USD", created.Currency);
    }

    [Fact]
    public async Task List_returns_the_callers_portfolios_with_version_and_cash()
    {
        var first = await api.Client.OpenAsync("First");
        var second = await api.Client.OpenAsync("Second");
        await (await api.Client.DepositAsync(second.Id, 250m)).ViewAsync();

        var list = await api.Client.GetFromJsonAsync<List<PortfolioSummaryView>>(Url("/api/portfolios"), Json);

        var mine = list!.Where(p => p.Id == first.Id || p.Id == second.Id).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [("First", 1L, 0m, 0m), ("Second", 2L, 250m, 250m)],
            mine.Select(p => (p.Name, p.Version, p.Cash, p.TotalValue)));
    }

    [Fact]
    public async Task Deposit_adds_cash_and_counts_as_a_deposit()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var view = await (await api.Client.DepositAsync(id, 1_000.50m)).ViewAsync();

        Assert.Equal(2, view.Version);
        Assert.Equal(1_000.50m, view.Cash);
        Assert.Equal((1_000.50m, 0m, 1_000.50m), (view.Totals.Deposits, view.Totals.Withdrawals, view.Totals.NetDeposits));
    }

    [Fact]
    public async Task Deposit_without_a_time_happens_now()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var before = DateTimeOffset.UtcNow;

        await (await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m })).ViewAsync();

        var after = DateTimeOffset.UtcNow;
        var deposited = (await api.Client.EventsAsync(id))[^1];
        Assert.Equal("CashDeposited", deposited.Type);
        Assert.InRange(((JsonElement)deposited.Data).GetProperty("at").GetDateTimeOffset(), before, after);
    }

    [Fact]
    public async Task Withdraw_takes_cash_out_and_counts_as_a_withdrawal()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();

        var view = await (await api.Client.WithdrawAsync(id, 400m, Day(2))).ViewAsync();

        Assert.Equal(3, view.Version);
        Assert.Equal(600m, view.Cash);
        Assert.Equal((1_000m, 400m, 600m), (view.Totals.Deposits, view.Totals.Withdrawals, view.Totals.NetDeposits));
    }

    [Fact]
    public async Task Fee_is_paid_from_cash_and_counted_in_fees()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 100m, Day(1))).ViewAsync();

        var view = await (await api.Client.PostAsync(PathOf(id, "/fees"), new { amount = 2.5m, description = "custody", at = Day(2) })).ViewAsync();

        Assert.Equal((97.5m, 2.5m), (view.Cash, view.Totals.Fees));
        var charged = (await api.Client.EventsAsync(id))[^1];
        Assert.Equal("FeeCharged", charged.Type);
        Assert.Equal("custody", ((JsonElement)charged.Data).GetProperty("description").GetString());
    }

    [Fact]
    public async Task Buy_and_sell_move_shares_and_cash()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();

        // Buy 5 @ 100 + 1 fee: cash 1000 - 501 = 499. Sell 2 @ 110 - 1 fee: cash 499 + 219 = 718;
        // realized 220 - 1 - 2/5 × 501 (200.4) = 18.6; left 3 shares costing 300.6.
        var bought = await (await api.Client.TradeAsync(id, "buy", 5, 100m, 1m, Day(2))).ViewAsync();
        var sold = await (await api.Client.TradeAsync(id, "SELL", 2, 110m, 1m, Day(3))).ViewAsync();

        Assert.Equal((3L, 499m, 5m), (bought.Version, bought.Cash, bought.Holdings.Single().Quantity));
        var holding = Assert.Single(sold.Holdings);
        Assert.Equal((4L, 718m), (sold.Version, sold.Cash));
        Assert.Equal(("AAPL", 3m, 300.6m, 18.6m), (holding.Symbol, holding.Quantity, holding.OpenCost, holding.RealizedPnl));
    }

    [Fact]
    public async Task Dividend_adds_cash_and_is_credited_to_the_holding()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 50m, 0m, Day(2), "MSFT")).ViewAsync();

        var view = await (await api.Client.PostAsync(PathOf(id, "/dividends"), new { symbol = "msft", amount = 7.25m, paidAt = Day(3) })).ViewAsync();

        // 1000 - 500 + 7.25
        Assert.Equal(507.25m, view.Cash);
        Assert.Equal(7.25m, view.Totals.Dividends);
        Assert.Equal(("MSFT", 7.25m), (view.Holdings.Single().Symbol, view.Holdings.Single().Dividends));
    }

    [Fact]
    public async Task Split_multiplies_the_open_lots_and_keeps_their_cost()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 4, 200m, 0m, Day(2))).ViewAsync();

        var view = await (await api.Client.PostAsync(PathOf(id, "/splits"), new { symbol = "AAPL", ratio = 4m, effectiveAt = Day(3) })).ViewAsync();

        // 4 shares costing 800 become 16 at 50 each; the last trade price 200 becomes 50 in today's shares.
        var holding = Assert.Single(view.Holdings);
        Assert.Equal((16m, 800m, 50m, 50m), (holding.Quantity, holding.OpenCost, holding.AverageCost, holding.Price));
        Assert.Equal((16m, 50m), (holding.Lots.Single().Quantity, holding.Lots.Single().UnitCost));
    }

    [Fact]
    public async Task Watch_adds_a_symbol_once_and_unwatch_removes_it()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var watched = await (await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "nvda" })).ViewAsync();
        var again = await (await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "NVDA" })).ViewAsync();
        var unwatched = await (await api.Client.DeleteAsync(Url(PathOf(id, "/watchlist/nvda")))).ViewAsync();

        Assert.Equal((2L, "NVDA"), (watched.Version, Assert.Single(watched.Watchlist)));
        Assert.Equal(2L, again.Version);
        Assert.Equal(3L, unwatched.Version);
        Assert.Empty(unwatched.Watchlist);
    }

    [Fact]
    public async Task Rename_changes_the_name_and_the_same_name_changes_nothing()
    {
        var id = (await api.Client.OpenAsync("Old")).Id;

        var renamed = await (await api.Client.PostAsync(PathOf(id, "/rename"), new { name = " New " })).ViewAsync();
        var same = await (await api.Client.PostAsync(PathOf(id, "/rename"), new { name = "New" })).ViewAsync();

        Assert.Equal(("New", 2L), (renamed.Name, renamed.Version));
        Assert.Equal(2L, same.Version);
    }

    [Fact]
    public async Task Close_records_when_and_keeps_the_history_readable()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 10m)).ViewAsync();

        var closed = await (await api.Client.PostAsync(Url(PathOf(id, "/close")), null)).ViewAsync();

        Assert.NotNull(closed.ClosedAt);
        Assert.Equal((3L, 10m), (closed.Version, closed.Cash));
        Assert.Equal(closed.ClosedAt, (await api.Client.GetViewAsync(id)).ClosedAt);
        Assert.Equal("PortfolioClosed", (await api.Client.EventsAsync(id))[^1].Type);
    }

    [Fact]
    public async Task Add_alert_returns_201_with_location_and_the_rule_and_delete_removes_it()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.PostAsync(PathOf(id, "/alerts"), new { symbol = "aapl", condition = "MOVE", threshold = 2.5m, windowMinutes = 30 });

        var body = await response.ExpectAsync(HttpStatusCode.Created);
        var rule = JsonSerializer.Deserialize<AlertRuleView>(body, Json)!;
        Assert.Equal(2, response.StreamVersion());
        Assert.Equal(PathOf(id, $"/alerts/{rule.RuleId}"), response.Headers.Location?.ToString());
        Assert.Equal(("AAPL", "move", 2.5m, (int?)30, 15), (rule.Symbol, rule.Condition, rule.Threshold, rule.WindowMinutes, rule.CooldownMinutes));
        Assert.Equal(rule.RuleId, (await api.Client.GetViewAsync(id)).AlertRules.Single().RuleId);

        var removed = await (await api.Client.DeleteAsync(response.Headers.Location)).ViewAsync();

        Assert.Equal(3, removed.Version);
        Assert.Empty(removed.AlertRules);
    }

    [Fact]
    public async Task Add_alert_with_a_level_takes_no_window_and_a_cooldown()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.PostAsync(PathOf(id, "/alerts"), new { symbol = "AAPL", condition = "below", threshold = 90m, cooldownMinutes = 0 });

        var rule = JsonSerializer.Deserialize<AlertRuleView>(await response.ExpectAsync(HttpStatusCode.Created), Json)!;
        Assert.Equal(("below", 90m, (int?)null, 0), (rule.Condition, rule.Threshold, rule.WindowMinutes, rule.CooldownMinutes));
    }

    [Fact]
    public async Task Events_is_the_audit_trail_in_order_with_types_and_data()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 2, 100m, 0m, Day(3))).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 1, 110m, 0m, Day(4))).ViewAsync();
        // Back-dated: recorded last, so last in the trail (which is in the order of recording).
        await (await api.Client.PostAsync(PathOf(id, "/fees"), new { amount = 1m, at = Day(2) })).ViewAsync();
        await (await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "MSFT" })).ViewAsync();

        var events = await api.Client.EventsAsync(id);

        Assert.Equal(
            [(1L, "PortfolioOpened"), (2L, "CashDeposited"), (3L, "SharesBought"), (4L, "SharesSold"), (5L, "FeeCharged"), (6L, "SymbolWatched")],
            events.Select(e => (e.Version, e.Type)));
        var sold = (JsonElement)events[3].Data;
        Assert.Equal(("AAPL", 1m, 110m, Day(4)), (sold.GetProperty("symbol").GetString(), sold.GetProperty("quantity").GetDecimal(), sold.GetProperty("price").GetDecimal(), sold.GetProperty("executedAt").GetDateTimeOffset()));
        Assert.Equal(events.Select(e => e.RecordedAt).Order(), events.Select(e => e.RecordedAt));
    }

    [Fact]
    public async Task Performance_reports_returns_and_a_value_per_day()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var response = await api.Client.GetAsync(Url(PathOf(id, $"/performance?from={today.AddDays(-2):yyyy-MM-dd}&to={today:yyyy-MM-dd}")));

        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        Assert.Equal((today.AddDays(-2), today), (report.From, report.To));
        Assert.Equal([today.AddDays(-2), today.AddDays(-1), today], report.Series.Select(d => d.Date));
        // Nothing deposited: no capital, so no return rather than a made-up one.
        Assert.Null(report.TimeWeightedReturn);
        Assert.Equal((0m, 0m, 0m), (report.StartValue, report.EndValue, report.NetFlows));
    }

    [Fact]
    public async Task Performance_values_the_portfolio_on_each_day_from_its_movements()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(2, 10))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 50m, 0m, Day(3, 10))).ViewAsync();
        await (await api.Client.TradeAsync(id, "sell", 5, 60m, 0m, Day(4, 10))).ViewAsync();

        var response = await api.Client.GetAsync(Url(PathOf(id, "/performance?from=2026-01-01&to=2026-01-04")));

        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        // Ends of day (no hour closes stored: prices are the trades'): Jan 1 nothing; Jan 2 cash 1000;
        // Jan 3 cash 500 + 10 × 50; Jan 4 cash 800 + 5 × 60 = 1100. The one flow is the deposit.
        Assert.Equal([0m, 1_000m, 1_000m, 1_100m], report.Series.Select(d => d.Value));
        Assert.Equal((0m, 1_100m, 1_000m), (report.StartValue, report.EndValue, report.NetFlows));
        // Jan 2 earns nothing on the deposit, Jan 3 neither, Jan 4 +10 %: chained 0.1.
        Assert.Equal(0.1m, report.TimeWeightedReturn);
    }
}
