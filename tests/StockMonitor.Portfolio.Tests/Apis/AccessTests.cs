using System.Net;
using System.Text.Json;
using StockMonitor.Auth;
using StockMonitor.Portfolio.Apis;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>401 without a valid token, 403 without the scope, 404 for an unknown portfolio and for another subject's.</summary>
public class AccessTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private const string Past = "2026-01-02T10:00:00Z";

    /// <summary>Every endpoint under a portfolio: method, path ({id}, {rule} filled in), a valid body.</summary>
    public static TheoryData<string, string, string?> PortfolioEndpoints => new()
    {
        { "GET", "/api/portfolios/{id}", null },
        { "GET", "/api/portfolios/{id}/events", null },
        { "GET", "/api/portfolios/{id}/performance", null },
        { "GET", "/api/portfolios/{id}/alerts/fired", null },
        { "POST", "/api/portfolios/{id}/deposits", """{"amount":1}""" },
        { "POST", "/api/portfolios/{id}/withdrawals", """{"amount":1}""" },
        { "POST", "/api/portfolios/{id}/fees", """{"amount":1}""" },
        { "POST", "/api/portfolios/{id}/trades", $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":1,"executedAt":"{{Past}}"}""" },
        { "POST", "/api/portfolios/{id}/dividends", """{"symbol":"AAPL","amount":1}""" },
        { "POST", "/api/portfolios/{id}/splits", $$"""{"symbol":"AAPL","ratio":2,"effectiveAt":"{{Past}}"}""" },
        { "POST", "/api/portfolios/{id}/watchlist", """{"symbol":"MSFT"}""" },
        { "POST", "/api/portfolios/{id}/rename", """{"name":"Mine now"}""" },
        { "POST", "/api/portfolios/{id}/close", null },
        { "POST", "/api/portfolios/{id}/alerts", """{"symbol":"AAPL","condition":"above","threshold":1}""" },
        { "DELETE", "/api/portfolios/{id}/alerts/{rule}", null },
        { "DELETE", "/api/portfolios/{id}/watchlist/AAPL", null },
    };

    public static TheoryData<string, string, string?> AllEndpoints
    {
        get
        {
            var all = new TheoryData<string, string, string?> { { "GET", "/api/portfolios", null }, { "POST", "/api/portfolios", """{"name":"x"}""" } };
            foreach (var row in PortfolioEndpoints)
            {
                all.Add((string)row[0], (string)row[1], (string?)row[2]);
            }

            return all;
        }
    }

    private static readonly string[] InvalidTokens = ["none", "bad signature", "development key", "expired", "other audience", "not a jwt"];

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Endpoint_without_a_valid_token_is_401(string method, string path, string? body)
    {
        var id = (await api.Client.OpenAsync()).Id;

        foreach (var kind in InvalidTokens)
        {
            var response = await api.CreateClient(InvalidToken(kind)).SendAsync(new HttpMethod(method), Fill(path, id, Guid.NewGuid()), body);

            await response.ProblemAsync(HttpStatusCode.Unauthorized);
            Assert.True(response.Headers.WwwAuthenticate.Count > 0, $"No WWW-Authenticate with a {kind} token");
        }

        Assert.Single(await api.Client.EventsAsync(id));
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Endpoint_with_a_token_lacking_its_scope_is_403(string method, string path, string? body)
    {
        var id = (await api.Client.OpenAsync()).Id;
        var writes = method != "GET";
        var lacking = writes ? Scopes.PortfoliosRead : Scopes.PortfoliosWrite;
        var client = api.CreateClient(PortfolioApiFixture.Token(LocalTokens.DemoSubject, [lacking]));

        var response = await client.SendAsync(new HttpMethod(method), Fill(path, id, Guid.NewGuid()), body);

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Single(await api.Client.EventsAsync(id));
    }

    [Fact]
    public async Task Read_only_token_reads()
    {
        var id = (await api.Client.OpenAsync()).Id;
        var reader = api.CreateClient(PortfolioApiFixture.Token(LocalTokens.DemoSubject, [Scopes.PortfoliosRead]));

        var view = await reader.GetViewAsync(id);

        Assert.Equal(id, view.Id);
    }

    [Theory]
    [MemberData(nameof(PortfolioEndpoints))]
    public async Task Endpoint_for_an_unknown_portfolio_is_404(string method, string path, string? body)
    {
        var unknown = Guid.NewGuid();

        var response = await api.Client.SendAsync(new HttpMethod(method), Fill(path, unknown, Guid.NewGuid()), body);

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Portfolio not found", problem.Title);
    }

    [Theory]
    [MemberData(nameof(PortfolioEndpoints))]
    public async Task Endpoint_for_another_subjects_portfolio_is_404_and_changes_nothing(string method, string path, string? body)
    {
        var (id, rule) = await OthersPortfolioAsync();
        var before = await api.Other.EventsAsync(id);

        var response = await api.Client.SendAsync(new HttpMethod(method), Fill(path, id, rule), body);

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Portfolio not found", problem.Title);
        Assert.Equal(before.Count, (await api.Other.EventsAsync(id)).Count);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"5\"")]
    public async Task Command_with_if_match_for_another_subjects_portfolio_is_404(string ifMatch)
    {
        // Version 5 is current, 1 is stale: either way the caller learns nothing about the portfolio.
        var (id, _) = await OthersPortfolioAsync();

        var response = await api.Client.SendAsync(HttpMethod.Post, PathOf(id, "/deposits"), """{"amount":1}""", ifMatch: ifMatch);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(5, (await api.Other.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task Command_with_if_match_for_an_unknown_portfolio_is_404()
    {
        var response = await api.Client.SendAsync(HttpMethod.Post, PathOf(Guid.NewGuid(), "/deposits"), """{"amount":1}""", ifMatch: ETagOf(3));

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_returns_only_the_callers_portfolios()
    {
        var mine = await api.Client.OpenAsync("Mine");
        var theirs = await api.Other.OpenAsync("Theirs");

        var myList = JsonSerializer.Deserialize<List<PortfolioSummaryView>>(await (await api.Client.GetAsync(Url("/api/portfolios"))).ExpectAsync(HttpStatusCode.OK), Json)!;
        var theirList = JsonSerializer.Deserialize<List<PortfolioSummaryView>>(await (await api.Other.GetAsync(Url("/api/portfolios"))).ExpectAsync(HttpStatusCode.OK), Json)!;

        Assert.Contains(mine.Id, myList.Select(p => p.Id));
        Assert.DoesNotContain(theirs.Id, myList.Select(p => p.Id));
        Assert.Contains(theirs.Id, theirList.Select(p => p.Id));
        Assert.DoesNotContain(mine.Id, theirList.Select(p => p.Id));
    }

    /// <summary>A portfolio of the other subject on which every command would succeed (version 5).</summary>
    private async Task<(Guid Id, Guid Rule)> OthersPortfolioAsync()
    {
        var id = (await api.Other.OpenAsync("Theirs")).Id;
        await (await api.Other.DepositAsync(id, 100m)).ViewAsync();
        await (await api.Other.TradeAsync(id, "buy", 1, 1m, 0m, Day(2))).ViewAsync();
        await (await api.Other.PostAsync(PathOf(id, "/watchlist"), new { symbol = "AAPL" })).ViewAsync();
        var added = await api.Other.PostAsync(PathOf(id, "/alerts"), new { symbol = "AAPL", condition = "above", threshold = 1m });
        var rule = JsonSerializer.Deserialize<AlertRuleView>(await added.ExpectAsync(HttpStatusCode.Created), Json)!;
        return (id, rule.RuleId);
    }

    private static string Fill(string path, Guid id, Guid rule) =>
        path.Replace("{id}", id.ToString(), StringComparison.Ordinal).Replace("{rule}", rule.ToString(), StringComparison.Ordinal);

    private static string? InvalidToken(string kind) => kind switch
    {
        "none" => null,
        "bad signature" => PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All, new JwtSettings { SigningKey = "another-key-of-at-least-thirty-two-bytes-long!" }),
        "development key" => PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All, new JwtSettings()),
        "expired" => PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All, issuedAt: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
        "other audience" => PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All, new JwtSettings { SigningKey = PortfolioApiFixture.SigningKey, Audience = "someone-else" }),
        "not a jwt" => "not-a-jwt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
