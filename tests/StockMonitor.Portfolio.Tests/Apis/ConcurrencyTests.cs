using System.Net;
using System.Text.Json;
using StockMonitor.Portfolio.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>ETag and If-Match (412), Idempotency-Key (replay, 422), and commands racing on one portfolio.</summary>
public class ConcurrencyTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task Command_with_the_current_version_in_if_match_succeeds_and_answers_the_new_etag()
    {
        var opened = await api.Client.PostAsync("/api/portfolios", new { name = "Etag" });
        var id = (await opened.ViewAsync(HttpStatusCode.Created)).Id;

        var response = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 5m }, ifMatch: opened.Headers.ETag!.ToString());

        Assert.Equal(2, (await response.ViewAsync()).Version);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Command_with_a_weak_or_any_if_match_is_accepted()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var weak = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 5m }, ifMatch: "W/\"1\"");
        var any = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 5m }, ifMatch: "*");

        Assert.Equal(2, (await weak.ViewAsync()).Version);
        Assert.Equal(3, (await any.ViewAsync()).Version);
    }

    [Fact]
    public async Task Command_with_a_stale_if_match_is_412_and_appends_nothing()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 100m)).ViewAsync();

        var response = await api.Client.PostAsync(PathOf(id, "/withdrawals"), new { amount = 5m }, ifMatch: ETagOf(1));

        var problem = await response.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Portfolio changed", problem.Title);
        Assert.Equal(2, (await api.Client.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task Command_with_a_future_if_match_is_412()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.SendAsync(HttpMethod.Post, PathOf(id, "/close"), ifMatch: ETagOf(7));

        await response.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Null((await api.Client.GetViewAsync(id)).ClosedAt);
    }

    [Fact]
    public async Task Two_writers_with_the_same_if_match_one_wins_the_other_gets_412()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 100m)).ViewAsync();

        var first = await api.Client.PostAsync(PathOf(id, "/rename"), new { name = "First" }, ifMatch: ETagOf(2));
        var second = await api.Client.PostAsync(PathOf(id, "/rename"), new { name = "Second" }, ifMatch: ETagOf(2));

        Assert.Equal(("First", 3L), ((await first.ViewAsync()).Name, first.StreamVersion()));
        await second.ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("First", (await api.Client.GetViewAsync(id)).Name);
    }

    [Fact]
    public async Task Every_response_about_a_portfolio_carries_its_version_as_etag()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var responses = new List<HttpResponseMessage>
        {
            await api.Client.DepositAsync(id, 1_000m, Day(1)),
            await api.Client.WithdrawAsync(id, 100m, Day(2)),
            await api.Client.PostAsync(PathOf(id, "/fees"), new { amount = 1m, at = Day(3) }),
            await api.Client.TradeAsync(id, "buy", 4, 10m, 0m, Day(4)),
            await api.Client.TradeAsync(id, "sell", 1, 12m, 0m, Day(5)),
            await api.Client.PostAsync(PathOf(id, "/dividends"), new { symbol = "AAPL", amount = 1m, paidAt = Day(6) }),
            await api.Client.PostAsync(PathOf(id, "/splits"), new { symbol = "AAPL", ratio = 2m, effectiveAt = Day(7) }),
            await api.Client.PostAsync(PathOf(id, "/watchlist"), new { symbol = "MSFT" }),
            await api.Client.PostAsync(PathOf(id, "/rename"), new { name = "Renamed" }),
        };
        var added = await api.Client.PostAsync(PathOf(id, "/alerts"), new { symbol = "AAPL", condition = "above", threshold = 1m });
        await added.ExpectAsync(HttpStatusCode.Created);
        responses.Add(await api.Client.DeleteAsync(added.Headers.Location));
        responses.Add(await api.Client.DeleteAsync(Url(PathOf(id, "/watchlist/MSFT"))));
        responses.Add(await api.Client.PostAsync(Url(PathOf(id, "/close")), null));
        responses.Add(await api.Client.GetAsync(Url(PathOf(id))));

        var versions = new List<long>();
        foreach (var response in responses)
        {
            versions.Add((await response.ViewAsync()).Version);
        }

        Assert.Equal(11, added.StreamVersion());
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 14], versions);
    }

    [Fact]
    public async Task Same_command_with_the_same_idempotency_key_is_answered_once_and_recorded_once()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m)).ViewAsync();
        var key = Guid.NewGuid().ToString();
        var buy = new { symbol = "AAPL", side = "buy", quantity = 10m, price = 5m, executedAt = Day(2) };

        var first = await api.Client.PostAsync(PathOf(id, "/trades"), buy, idempotencyKey: key);
        var second = await api.Client.PostAsync(PathOf(id, "/trades"), buy, idempotencyKey: key);

        var firstBody = await first.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((first.StatusCode, firstBody, first.Headers.ETag), (second.StatusCode, await second.Content.ReadAsStringAsync(), second.Headers.ETag));
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, (await api.Client.EventsAsync(id)).Count);
        Assert.Equal(10m, (await api.Client.GetViewAsync(id)).Holdings.Single().Quantity);
    }

    [Fact]
    public async Task Replayed_answer_stays_the_same_after_the_portfolio_moved_on()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var key = Guid.NewGuid().ToString();
        var first = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m }, idempotencyKey: key);
        var firstBody = await first.ExpectAsync(HttpStatusCode.OK);
        await (await api.Client.DepositAsync(id, 20m)).ViewAsync();

        var replay = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m }, idempotencyKey: key);

        Assert.Equal(firstBody, await replay.ExpectAsync(HttpStatusCode.OK));
        Assert.Equal(2, replay.StreamVersion());
        Assert.Equal(30m, (await api.Client.GetViewAsync(id)).Cash);
    }

    [Fact]
    public async Task Open_with_the_same_idempotency_key_opens_one_portfolio()
    {
        var key = Guid.NewGuid().ToString();
        var name = $"Once {key}";

        var first = await api.Client.PostAsync("/api/portfolios", new { name }, idempotencyKey: key);
        var second = await api.Client.PostAsync("/api/portfolios", new { name }, idempotencyKey: key);

        var created = await first.ViewAsync(HttpStatusCode.Created);
        Assert.Equal(created.Id, (await second.ViewAsync(HttpStatusCode.Created)).Id);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var list = JsonSerializer.Deserialize<List<PortfolioSummaryView>>(await (await api.Client.GetAsync(Url("/api/portfolios"))).ExpectAsync(HttpStatusCode.OK), Json)!;
        Assert.Single(list, p => p.Name == name);
    }

    [Fact]
    public async Task Add_alert_with_the_same_idempotency_key_replays_201_and_location()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var key = Guid.NewGuid().ToString();
        var body = new { symbol = "AAPL", condition = "above", threshold = 200m };

        var first = await api.Client.PostAsync(PathOf(id, "/alerts"), body, idempotencyKey: key);
        var second = await api.Client.PostAsync(PathOf(id, "/alerts"), body, idempotencyKey: key);

        Assert.Equal(await first.ExpectAsync(HttpStatusCode.Created), await second.ExpectAsync(HttpStatusCode.Created));
        Assert.Equal((first.Headers.Location, first.Headers.ETag), (second.Headers.Location, second.Headers.ETag));
        Assert.Single((await api.Client.GetViewAsync(id)).AlertRules);
    }

    [Fact]
    public async Task Idempotency_key_reused_with_a_different_body_is_422_and_records_nothing()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var key = Guid.NewGuid().ToString();
        await (await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m }, idempotencyKey: key)).ViewAsync();

        var response = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 11m }, idempotencyKey: key);

        Assert.Equal("Idempotency-Key reused", (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title);
        Assert.Equal(2, (await api.Client.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task Idempotency_key_reused_on_another_endpoint_is_422()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var key = Guid.NewGuid().ToString();
        await (await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m }, idempotencyKey: key)).ViewAsync();

        var response = await api.Client.PostAsync(PathOf(id, "/withdrawals"), new { amount = 10m }, idempotencyKey: key);

        await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(10m, (await api.Client.GetViewAsync(id)).Cash);
    }

    [Fact]
    public async Task Idempotency_keys_of_different_subjects_do_not_meet()
    {
        var mine = (await api.Client.OpenAsync()).Id;
        var theirs = (await api.Other.OpenAsync()).Id;
        var key = Guid.NewGuid().ToString();

        var first = await api.Client.PostAsync(PathOf(mine, "/deposits"), new { amount = 10m }, idempotencyKey: key);
        var second = await api.Other.PostAsync(PathOf(theirs, "/deposits"), new { amount = 10m }, idempotencyKey: key);

        Assert.Equal(mine, (await first.ViewAsync()).Id);
        Assert.Equal(theirs, (await second.ViewAsync()).Id);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Refused_command_is_not_remembered_under_its_idempotency_key()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var key = Guid.NewGuid().ToString();
        var refused = await api.Client.PostAsync(PathOf(id, "/withdrawals"), new { amount = 10m, at = Day(5) }, idempotencyKey: key);
        await refused.ProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.DepositAsync(id, 10m, Day(1))).ViewAsync();

        var retried = await api.Client.PostAsync(PathOf(id, "/withdrawals"), new { amount = 10m, at = Day(5) }, idempotencyKey: key);

        Assert.Equal(0m, (await retried.ViewAsync()).Cash);
    }

    [Fact]
    public async Task Parallel_requests_with_the_same_idempotency_key_record_one_sale()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 1_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 10, 1m, 0m, Day(2))).ViewAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            api.Client.PostAsync(PathOf(id, "/trades"), new { symbol = "AAPL", side = "sell", quantity = 1m, price = 2m, executedAt = Day(3) }, idempotencyKey: key)));

        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var response in responses)
        {
            bodies.Add(await response.ExpectAsync(HttpStatusCode.OK));
        }

        Assert.Single(bodies);
        Assert.Single(await api.Client.EventsAsync(id), e => e.Type == "SharesSold");
        Assert.Equal(9m, (await api.Client.GetViewAsync(id)).Holdings.Single().Quantity);
    }

    [Fact]
    public async Task Hundred_parallel_sells_of_one_share_against_fifty_exactly_fifty_succeed()
    {
        var id = (await api.Client.OpenAsync()).Id;
        await (await api.Client.DepositAsync(id, 5_000m, Day(1))).ViewAsync();
        await (await api.Client.TradeAsync(id, "buy", 50, 10m, 0m, Day(2))).ViewAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            api.Client.TradeAsync(id, "sell", 1, 11m, 0m, Day(3).AddSeconds(i))));

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = 50, [HttpStatusCode.Conflict] = 50 }, statuses);
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("Not enough shares", (await conflict.ProblemAsync(HttpStatusCode.Conflict)).Title);
        }

        // Each success saw one share fewer than the one before: 49, 48, ..., 0 left, never below.
        var left = new List<decimal>();
        foreach (var ok in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            var view = await ok.ViewAsync();
            left.Add(view.Holdings.Single().Quantity);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(n => (decimal)n), left.Order());
        var final = await api.Client.GetViewAsync(id);
        var holding = final.Holdings.Single();
        Assert.Equal((0m, 0m), (holding.Quantity, holding.OpenCost));
        // 50 × (11 − 10) realized; cash 5000 − 500 + 550.
        Assert.Equal((50m, 5_050m), (holding.RealizedPnl, final.Cash));
        var events = await api.Client.EventsAsync(id);
        Assert.Equal(50, events.Count(e => e.Type == "SharesSold"));
        Assert.Equal(53L, final.Version);
    }
}
