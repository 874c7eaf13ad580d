using Microsoft.Playwright;
using StockMonitor.Testing;

namespace StockMonitor.Dashboard.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class ReconnectTests(RunningSystem stack)
{
    [Fact]
    public async Task When_the_dashboard_is_killed_and_restarted_the_open_page_reconnects_and_shows_the_newest_price()
    {
        // Arrange
        var symbol = RunningSystem.UniqueSymbol("RC");
        await using var market = await stack.OpenAsync("/");
        await market.WaitLiveAsync();
        await market.Page.EvaluateAsync("window.__notReloaded = true");
        await stack.PutAsync(RunningSystem.Quote(symbol, 50m));
        var price = market.Page.Locator($"tr[data-symbol='{symbol}'] td.price");
        await Assertions.Expect(price).ToHaveTextAsync("50.00", new() { Timeout = 20_000 });

        // Act: the dashboard dies; the price moves while it is gone; it comes back.
        stack.KillDashboard();
        await Assertions.Expect(market.Connection).Not.ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        await stack.PutAsync(RunningSystem.Quote(symbol, 57.75m));
        using (var pricing = new HttpClient { BaseAddress = stack.Pricing.BaseAddress })
        {
            await Eventually.HoldsAsync(
                async () => (await pricing.GetStringAsync(new Uri($"/api/quotes/{symbol}", UriKind.Relative))).Contains("57.75", StringComparison.Ordinal),
                "pricing to take the price put while the dashboard was down");
        }

        await Assertions.Expect(market.Connection).ToHaveAttributeAsync("data-state", "stale", new() { Timeout = 20_000 });
        await Assertions.Expect(market.Connection).ToContainTextAsync("Stale since");
        await stack.RestartDashboardAsync();

        // Assert
        await market.WaitLiveAsync();
        await Assertions.Expect(price).ToHaveTextAsync("57.75", new() { Timeout = 20_000 });
        Assert.True(await market.Page.EvaluateAsync<bool>("window.__notReloaded === true"), "The page was reloaded.");
        await stack.PutAsync(RunningSystem.Quote(symbol, 58m));
        await Assertions.Expect(price).ToHaveTextAsync("58.00", new() { Timeout = 20_000 });
    }
}
