using System.Net;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>400s: each bad field named in a ValidationProblem; bodies that are not what the endpoint reads; bad headers and queries.</summary>
public class ValidationTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private const string Future = "2999-01-01T00:00:00Z";
    private const string Past = "2026-01-02T10:00:00Z";

    /// <summary>(endpoint under the portfolio, or "open"; a body with exactly one bad field; that field).</summary>
    public static TheoryData<string, string, string> BadFields => new()
    {
        { "open", """{"currency":"USD"}""", "name" },
        { "open", """{"name":"   "}""", "name" },
        { "open", $$"""{"name":"{{new string('n', 101)}}"}""", "name" },
        { "open", """{"name":"x","currency":"EURO"}""", "currency" },
        { "open", """{"name":"x","currency":"E1R"}""", "currency" },
        { "/deposits", """{"amount":0}""", "amount" },
        { "/deposits", """{"amount":-5}""", "amount" },
        { "/deposits", """{"amount":1000000000.01}""", "amount" },
        { "/deposits", """{}""", "amount" },
        { "/deposits", $$"""{"amount":5,"at":"{{Future}}"}""", "at" },
        { "/deposits", """{"amount":5,"at":"1969-12-31T23:59:59Z"}""", "at" },
        { "/withdrawals", """{"amount":0}""", "amount" },
        { "/withdrawals", $$"""{"amount":1,"at":"{{Future}}"}""", "at" },
        { "/fees", """{"amount":-0.01}""", "amount" },
        { "/fees", $$"""{"amount":1,"description":"{{new string('d', 201)}}"}""", "description" },
        { "/fees", $$"""{"amount":1,"at":"{{Future}}"}""", "at" },
        { "/trades", $$"""{"symbol":"not a symbol","side":"buy","quantity":1,"price":1,"executedAt":"{{Past}}"}""", "symbol" },
        { "/trades", $$"""{"side":"buy","quantity":1,"price":1,"executedAt":"{{Past}}"}""", "symbol" },
        { "/trades", $$"""{"symbol":"TOOLONGSYMBOL1","side":"buy","quantity":1,"price":1,"executedAt":"{{Past}}"}""", "symbol" },
        { "/trades", $$"""{"symbol":"AAPL","side":"hold","quantity":1,"price":1,"executedAt":"{{Past}}"}""", "side" },
        { "/trades", $$"""{"symbol":"AAPL","quantity":1,"price":1,"executedAt":"{{Past}}"}""", "side" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":0,"price":1,"executedAt":"{{Past}}"}""", "quantity" },
        { "/trades", $$"""{"symbol":"AAPL","side":"sell","quantity":-3,"price":1,"executedAt":"{{Past}}"}""", "quantity" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1000000001,"price":1,"executedAt":"{{Past}}"}""", "quantity" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":0,"executedAt":"{{Past}}"}""", "price" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"executedAt":"{{Past}}"}""", "price" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":2000000000,"executedAt":"{{Past}}"}""", "price" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"fees":-1,"executedAt":"{{Past}}"}""", "fees" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"fees":1000000001,"executedAt":"{{Past}}"}""", "fees" },
        { "/trades", """{"symbol":"AAPL","side":"buy","quantity":1,"price":1}""", "executedAt" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"executedAt":"{{Future}}"}""", "executedAt" },
        { "/dividends", """{"symbol":"","amount":1}""", "symbol" },
        { "/dividends", """{"symbol":"AAPL","amount":0}""", "amount" },
        { "/dividends", $$"""{"symbol":"AAPL","amount":1,"paidAt":"{{Future}}"}""", "paidAt" },
        { "/splits", $$"""{"symbol":"AAPL","ratio":1,"effectiveAt":"{{Past}}"}""", "ratio" },
        { "/splits", $$"""{"symbol":"AAPL","ratio":0,"effectiveAt":"{{Past}}"}""", "ratio" },
        { "/splits", $$"""{"symbol":"AAPL","ratio":0.0001,"effectiveAt":"{{Past}}"}""", "ratio" },
        { "/splits", $$"""{"symbol":"AAPL","ratio":1001,"effectiveAt":"{{Past}}"}""", "ratio" },
        { "/splits", """{"symbol":"AAPL","ratio":2}""", "effectiveAt" },
        { "/splits", $$"""{"symbol":"AAPL","ratio":2,"effectiveAt":"{{Future}}"}""", "effectiveAt" },
        { "/splits", $$"""{"symbol":"$$$","ratio":2,"effectiveAt":"{{Past}}"}""", "symbol" },
        { "/watchlist", """{"symbol":"bad symbol!"}""", "symbol" },
        { "/watchlist", """{}""", "symbol" },
        { "/rename", """{"name":""}""", "name" },
        { "/rename", $$"""{"name":"{{new string('n', 101)}}"}""", "name" },
        { "/alerts", """{"symbol":"AAPL","condition":"sideways","threshold":1}""", "condition" },
        { "/alerts", """{"symbol":"AAPL","threshold":1}""", "condition" },
        { "/alerts", """{"symbol":"AAPL","condition":"move","threshold":1}""", "windowMinutes" },
        { "/alerts", """{"symbol":"AAPL","condition":"move","threshold":1,"windowMinutes":1441}""", "windowMinutes" },
        { "/alerts", """{"symbol":"AAPL","condition":"above","threshold":1,"windowMinutes":5}""", "windowMinutes" },
        { "/alerts", """{"symbol":"AAPL","condition":"above","threshold":0}""", "threshold" },
        { "/alerts", """{"symbol":"AAPL","condition":"move","threshold":1001,"windowMinutes":5}""", "threshold" },
        { "/alerts", """{"symbol":"AAPL","condition":"below","threshold":1,"cooldownMinutes":-1}""", "cooldownMinutes" },
        { "/alerts", """{"symbol":"AAPL","condition":"below","threshold":1,"cooldownMinutes":10081}""", "cooldownMinutes" },
        { "/alerts", """{"symbol":"a b","condition":"below","threshold":1}""", "symbol" },
    };

    /// <summary>(endpoint, a body the endpoint cannot read: unknown fields, wrong types, not JSON).</summary>
    public static TheoryData<string, string> UnreadableBodies => new()
    {
        { "open", """{"name":"x","owner":"someone-else"}""" },
        { "/deposits", """{"amount":10,"amout":5}""" },
        { "/deposits", """{"amount":"10"}""" },
        { "/deposits", """{"amount":10,"at":"yesterday"}""" },
        { "/deposits", """[10]""" },
        { "/deposits", """{"amount":10""" },
        { "/deposits", "" },
        { "/withdrawals", """{"amount":true}""" },
        { "/fees", """{"amount":1,"description":7}""" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":"ten","price":1,"executedAt":"{{Past}}"}""" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","qty":10,"price":1,"executedAt":"{{Past}}"}""" },
        { "/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"executedAt":"{{Past}}","portfolioId":"00000000-0000-0000-0000-000000000000"}""" },
        { "/trades", """{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"executedAt":1767225600}""" },
        { "/trades", """{"symbol":["AAPL"],"side":"buy","quantity":1,"price":1,"executedAt":"2026-01-02T10:00:00Z"}""" },
        { "/dividends", """{"symbol":"AAPL","amount":1e400}""" },
        { "/splits", """{"symbol":"AAPL","ratio":"2:1","effectiveAt":"2026-01-02T10:00:00Z"}""" },
        { "/watchlist", """{"symbol":"AAPL","note":"x"}""" },
        { "/rename", """{"name":null,"title":"x"}""" },
        { "/alerts", """{"symbol":"AAPL","condition":"above","threshold":1,"windowMinutes":2.5}""" },
        { "/alerts", """{"symbol":"AAPL","condition":"above","threshold":1,"ruleId":"00000000-0000-0000-0000-000000000000"}""" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Command_with_a_bad_field_is_400_naming_that_field_and_records_nothing(string endpoint, string body, string field)
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.SendAsync(HttpMethod.Post, PathFor(id, endpoint), body);

        Assert.Equal([field], await response.ValidationErrorsAsync());
        Assert.Single(await api.Client.EventsAsync(id));
    }

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task Command_with_an_unreadable_body_is_400_problem_not_500_and_records_nothing(string endpoint, string body)
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.SendAsync(HttpMethod.Post, PathFor(id, endpoint), body);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Single(await api.Client.EventsAsync(id));
    }

    [Fact]
    public async Task Trade_with_every_field_wrong_names_every_field()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.PostAsync(PathOf(id, "/trades"), new { symbol = "not a symbol", side = "hold", quantity = 0, price = -1, fees = -2 });

        Assert.Equal(["executedAt", "fees", "price", "quantity", "side", "symbol"], await response.ValidationErrorsAsync());
    }

    [Fact]
    public async Task Opening_with_an_unknown_field_opens_nothing()
    {
        var response = await api.Client.SendAsync(HttpMethod.Post, "/api/portfolios", """{"name":"Sneaky","owner":"someone-else"}""");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        var list = await (await api.Client.GetAsync(Url("/api/portfolios"))).ExpectAsync(HttpStatusCode.OK);
        var others = await (await api.Other.GetAsync(Url("/api/portfolios"))).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("Sneaky", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Sneaky", others, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-01-10&to=2026-01-09", "from")]
    [InlineData("from=2000-01-01&to=2026-01-01", "to")]
    public async Task Performance_with_a_bad_period_is_400_naming_the_parameter(string query, string field)
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.GetAsync(Url(PathOf(id, $"/performance?{query}")));

        Assert.Equal([field], await response.ValidationErrorsAsync());
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("to=2026-13-01")]
    public async Task Performance_with_an_unreadable_date_is_400_problem(string query)
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.GetAsync(Url(PathOf(id, $"/performance?{query}")));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    public async Task Command_with_a_malformed_if_match_is_400(string ifMatch)
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.SendAsync(HttpMethod.Post, PathOf(id, "/deposits"), """{"amount":1}""", ifMatch: ifMatch);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Bad If-Match", problem.Title);
        Assert.Single(await api.Client.EventsAsync(id));
    }

    [Fact]
    public async Task Command_with_an_idempotency_key_too_long_is_400()
    {
        var id = (await api.Client.OpenAsync()).Id;

        var response = await api.Client.SendAsync(HttpMethod.Post, PathOf(id, "/deposits"), """{"amount":1}""", idempotencyKey: new string('k', 201));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Bad Idempotency-Key", problem.Title);
        Assert.Single(await api.Client.EventsAsync(id));
    }

    private static string PathFor(Guid id, string endpoint) => endpoint == "open" ? "/api/portfolios" : PathOf(id, endpoint);
}
