using Microsoft.Playwright;

namespace StockMonitor.Dashboard.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class MarketPageTests(RunningSystem stack)
{
    [Fact]
    public async Task A_quote_put_into_Kinesis_appears_on_the_market_page_without_a_reload()
    {
        // Arrange
        var symbol = RunningSystem.UniqueSymbol("MKT");
        await using var market = await stack.OpenAsync("/");
        await market.WaitLiveAsync();
        await market.Page.EvaluateAsync("window.__notReloaded = true");
        var price = market.Page.Locator($"tr[data-symbol='{symbol}'] td.price");

        // Act
        await stack.PutAsync(RunningSystem.Quote(symbol, 123.45m, previousClose: 120m, volume: 1_000_000m));
        await Assertions.Expect(price).ToHaveTextAsync("123.45", new() { Timeout = 20_000 });
        await stack.PutAsync(RunningSystem.Quote(symbol, 118.5m, previousClose: 120m, volume: 1_250_000m));

        // Assert
        await Assertions.Expect(price).ToHaveTextAsync("118.50", new() { Timeout = 20_000 });
        var row = market.Page.Locator($"tr[data-symbol='{symbol}']");
        await Assertions.Expect(row.Locator("td.change")).ToHaveTextAsync("▼ −1.50");
        await Assertions.Expect(row.Locator("td.changePercent")).ToHaveTextAsync("−1.25 %");
        await Assertions.Expect(row.Locator("td.volume")).ToHaveTextAsync("1.25M");
        await Assertions.Expect(row.Locator("td.range .low")).ToHaveTextAsync("118.50");
        await Assertions.Expect(row.Locator("td.range .high")).ToHaveTextAsync("120.00");
        Assert.True(await market.Page.EvaluateAsync<bool>("window.__notReloaded === true"), "The page was reloaded.");
        market.AssertNoErrors();
    }

    [Fact]
    public async Task The_filter_shows_only_matching_symbols_and_a_header_sorts_the_rows()
    {
        // Arrange
        var prefix = RunningSystem.UniqueSymbol("F");
        await stack.PutAsync(RunningSystem.Quote(prefix + "A", 10m), RunningSystem.Quote(prefix + "B", 30m), RunningSystem.Quote(prefix + "C", 20m));
        await using var market = await stack.OpenAsync("/");
        await Assertions.Expect(market.Page.Locator($"tr[data-symbol='{prefix}C'] td.price")).ToHaveTextAsync("20.00", new() { Timeout = 20_000 });

        // Act
        await market.Page.Locator("#filter").FillAsync(prefix.ToLowerInvariant());
        var visible = market.Page.Locator("#quotes tr:visible");
        await Assertions.Expect(visible).ToHaveCountAsync(3);
        // A number column sorts largest first on the first click, then the other way round.
        await market.Page.Locator("th[data-key='price'] button").ClickAsync();
        var descending = await visible.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.symbol)");
        await market.Page.Locator("th[data-key='price'] button").ClickAsync();
        var ascending = await visible.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.symbol)");

        // Assert
        Assert.Equal([prefix + "B", prefix + "C", prefix + "A"], descending);
        Assert.Equal([prefix + "A", prefix + "C", prefix + "B"], ascending);
        await Assertions.Expect(market.Page.Locator("th[data-key='price']")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Assertions.Expect(market.Page.Locator("#symbol-count")).ToContainTextAsync("3 of");
        market.AssertNoErrors();
    }
}
