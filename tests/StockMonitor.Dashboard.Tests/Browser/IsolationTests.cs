using System.Net.Http.Headers;
using Microsoft.Playwright;
using StockMonitor.Testing;

namespace StockMonitor.Dashboard.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class IsolationTests(RunningSystem stack)
{
    [Fact]
    public async Task Another_subjects_pages_and_stream_never_receive_a_portfolio_or_alert_that_is_not_theirs()
    {
        // Arrange: the owner's portfolio with a rule; another user signs in on the sign-in page.
        var owner = "owner-" + Guid.NewGuid().ToString("N")[..8];
        var other = "other-" + Guid.NewGuid().ToString("N")[..8];
        var symbol = RunningSystem.UniqueSymbol("ISO");
        var id = await stack.OpenPortfolioAsync(owner, "Private", 5_000m);
        await AlertTests.AddRuleAsync(stack, owner, id, symbol, 10m);
        await using var stranger = await stack.OpenAsync("/signin");
        await stranger.Page.Locator("#token").FillAsync(RunningSystem.Token(other));
        await stranger.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(stranger.Page.Locator("#session")).ToContainTextAsync($"Signed in as {other}", new() { Timeout = 15_000 });
        await using var ownersPage = await stack.OpenAsync($"/portfolios/{id}", owner);
        await Assertions.Expect(ownersPage.Page.Locator("#portfolio-name")).ToHaveTextAsync("Private", new() { Timeout = 15_000 });

        // Act: the stranger asks for the owner's portfolio, on the page and on a raw stream (with a bearer header
        // this time, as a proxy in front would send it), and stays on the portfolio list while the owner's rule fires.
        await stranger.Page.GotoAsync($"/portfolios/{id}");
        await Assertions.Expect(stranger.Page.Locator("h1")).ToHaveTextAsync("Portfolio not found", new() { Timeout = 15_000 });
        await stranger.Page.GotoAsync("/portfolios");
        await Assertions.Expect(stranger.Page.Locator("#portfolios-note")).ToContainTextAsync("no portfolios", new() { Timeout = 15_000 });
        using var http = new HttpClient { BaseAddress = stack.Dashboard.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningSystem.Token(other));
        using var stream = await SseRecorder.OpenAsync(http, $"/api/live?portfolio={id}&portfolios=true");
        await Eventually.HoldsAsync(() => Task.FromResult(stream.Names.Contains("portfolio-missing") && stream.Names.Contains("portfolios")), "the stranger's stream to answer");
        var listsBefore = stream.Names.Count(n => n == "portfolios");
        await stack.PutAsync(RunningSystem.Quote(symbol, 11m, previousClose: 9m));
        await Assertions.Expect(ownersPage.Page.Locator(".toast")).ToContainTextAsync($"{symbol} above 10.00", new() { Timeout = 20_000 });

        // An alert of a portfolio the stream does not know makes it read the user's list again, and decide, before it
        // sends that list: once a newer list came, the alert was decided.
        await Eventually.HoldsAsync(() => Task.FromResult(stream.Names.Count(n => n == "portfolios") > listsBefore), "the stranger's stream to read its list again after the alert");

        // Assert
        // The only event that names the portfolio is the answer that it is missing; its name never shows.
        Assert.Equal(["portfolio-missing"], stream.Events.Where(e => e.Data.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)).Select(e => e.Name));
        Assert.DoesNotContain(stream.Events, e => e.Name is "portfolio" or "alert");
        Assert.DoesNotContain(stream.Events, e => e.Data.Contains("Private", StringComparison.Ordinal));
        Assert.All(stream.Events.Where(e => e.Name == "portfolios"), e => Assert.Equal("[]", e.Data));
        Assert.Equal(0, await stranger.Page.Locator(".toast").CountAsync());
        stranger.AssertNoErrors();
    }
}
