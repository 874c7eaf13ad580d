using System.Net.Http.Json;
using Microsoft.Playwright;

namespace StockMonitor.Dashboard.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class PagesTests(RunningSystem stack)
{
    /// <summary>Every page, signed in with a portfolio that holds, watches and alerts: no console error, no uncaught exception.</summary>
    [Fact]
    public async Task Every_page_loads_live_without_console_errors()
    {
        // Arrange
        var subject = "pages-" + Guid.NewGuid().ToString("N")[..8];
        var symbol = RunningSystem.UniqueSymbol("PG");
        await stack.PutAsync(RunningSystem.Quote(symbol, 42m, previousClose: 40m, volume: 5_000m));
        var id = await stack.OpenPortfolioAsync(subject, "Every page", 10_000m);
        using (var api = stack.PortfolioApi(subject))
        {
            await RunningSystem.Succeeded(await api.PostAsJsonAsync(
                new Uri($"/api/portfolios/{id}/trades", UriKind.Relative),
                new { symbol, side = "buy", quantity = 5m, price = 41m, fees = 1m, executedAt = DateTimeOffset.UtcNow.AddMinutes(-5) }));
            await RunningSystem.Succeeded(await api.PostAsJsonAsync(new Uri($"/api/portfolios/{id}/watchlist", UriKind.Relative), new { symbol = "WATCH1" }));
        }

        await AlertTests.AddRuleAsync(stack, subject, id, symbol, 45m);
        var pages = new (string Path, string Shot, string Ready)[]
        {
            ("/", "market", $"tr[data-symbol='{symbol}']"),
            ($"/symbols/{symbol}", "symbol", "#chart canvas"),
            ("/portfolios", "portfolios", $"#portfolios tr[data-id='{id}']"),
            ($"/portfolios/{id}", "portfolio", $"#holdings tr[data-symbol='{symbol}']"),
            ("/alerts", "alerts", "#alerts li"),
            ("/signin", "signin", "#token"),
        };

        // Act
        var errors = new List<string>();
        foreach (var (path, shot, ready) in pages)
        {
            await using var page = await stack.OpenAsync(path, subject);
            await page.WaitLiveAsync();
            await Assertions.Expect(page.Page.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await page.ScreenshotAsync(shot);
            errors.AddRange(page.Errors.Select(e => $"{path}: {e}"));
        }

        // Assert
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
