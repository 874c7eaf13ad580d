using System.Net.Http.Json;
using Microsoft.Playwright;

namespace StockMonitor.Dashboard.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class PortfolioPageTests(RunningSystem stack)
{
    [Fact]
    public async Task A_trade_posted_to_the_portfolio_API_shows_on_the_page_and_its_value_moves_with_the_price()
    {
        // Arrange
        var subject = "owner-" + Guid.NewGuid().ToString("N")[..8];
        var symbol = RunningSystem.UniqueSymbol("PF");
        await stack.PutAsync(RunningSystem.Quote(symbol, 100m));
        var id = await stack.OpenPortfolioAsync(subject, "Growth", 10_000m);
        await using var portfolio = await stack.OpenAsync($"/portfolios/{id}", subject);
        await portfolio.WaitLiveAsync();
        await Assertions.Expect(portfolio.Page.Locator("#portfolio-name")).ToHaveTextAsync("Growth", new() { Timeout = 15_000 });
        await Assertions.Expect(portfolio.Page.Locator("#holdings")).ToContainTextAsync("Nothing held yet.");

        // Act: a trade recorded over the API...
        using (var api = stack.PortfolioApi(subject))
        {
            await RunningSystem.Succeeded(await api.PostAsJsonAsync(
                new Uri($"/api/portfolios/{id}/trades", UriKind.Relative),
                new { symbol, side = "buy", quantity = 10m, price = 100m, fees = 0m, executedAt = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        }

        var holding = portfolio.Page.Locator($"#holdings tr[data-symbol='{symbol}']");
        await Assertions.Expect(holding.Locator("td.quantity")).ToHaveTextAsync("10", new() { Timeout = 20_000 });
        await Assertions.Expect(portfolio.Page.Locator("#total-cash")).ToHaveTextAsync("9,000.00");

        // ...then a price move of the holding.
        await stack.PutAsync(RunningSystem.Quote(symbol, 112.5m));

        // Assert: the portfolio service's valuation at the new price, without a reload.
        await Assertions.Expect(holding.Locator("td.market-value")).ToHaveTextAsync("1,125.00", new() { Timeout = 20_000 });
        await Assertions.Expect(portfolio.Page.Locator("#total-totalValue")).ToHaveTextAsync("10,125.00");
        await Assertions.Expect(portfolio.Page.Locator("#total-unrealizedPnl")).ToHaveTextAsync("▲ +125.00");
        portfolio.AssertNoErrors();
    }
}
