using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Valuation;

public class LatestQuotesLoaderTests
{
    private const string Quotes = """[{"symbol":"AAPL","price":190.5,"previousClose":188,"observedAt":"2026-01-05T15:00:00Z","source":"sim"}]""";

    [Fact]
    public async Task Start_fills_live_prices_from_pricings_latest_quotes()
    {
        using var handler = new ScriptedPricingHandler(_ => ScriptedPricingHandler.Json(Quotes));
        using var http = handler.Client();
        var prices = new LivePrices();
        using var loader = new LatestQuotesLoader(new PricingClient(http), prices, TimeProvider.System, NullLogger<LatestQuotesLoader>.Instance);

        await loader.StartAsync(CancellationToken.None);

        Assert.Equal(new LivePrice("AAPL", 190.5m, 188m, new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero)), prices.Get("AAPL"));
        await loader.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task When_pricing_is_down_at_start_then_start_returns_and_the_prices_arrive_in_the_background_once_it_is_back()
    {
        using var handler = new ScriptedPricingHandler(_ => ScriptedPricingHandler.Json("{}", HttpStatusCode.ServiceUnavailable));
        using var http = handler.Client();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero));
        var prices = new LivePrices();
        using var loader = new LatestQuotesLoader(new PricingClient(http), prices, time, NullLogger<LatestQuotesLoader>.Instance);

        await loader.StartAsync(CancellationToken.None);
        var failedAttempts = handler.Requests.Count;
        handler.Answer = _ => ScriptedPricingHandler.Json(Quotes);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (prices.Count == 0 && DateTimeOffset.UtcNow < deadline)
        {
            // Backoff runs on the injected clock: move it on until the next attempt has happened.
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(10);
        }

        Assert.True(failedAttempts >= 1);
        Assert.Equal(190.5m, prices.Get("AAPL")?.Price);
        await loader.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_ends_the_background_retries()
    {
        using var handler = new ScriptedPricingHandler(_ => throw new HttpRequestException("Connection refused"));
        using var http = handler.Client();
        var time = new FakeTimeProvider();
        using var loader = new LatestQuotesLoader(new PricingClient(http), new LivePrices(), time, NullLogger<LatestQuotesLoader>.Instance);
        await loader.StartAsync(CancellationToken.None);

        await loader.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var attempts = handler.Requests.Count;
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(50);

        Assert.Equal(attempts, handler.Requests.Count);
    }

    [Fact]
    public async Task Stop_after_dispose_returns_quietly()
    {
        // WebApplicationFactory stops the host again after app.Run has stopped and disposed it.
        using var handler = new ScriptedPricingHandler(_ => throw new HttpRequestException("Connection refused"));
        using var http = handler.Client();
        var loader = new LatestQuotesLoader(new PricingClient(http), new LivePrices(), TimeProvider.System, NullLogger<LatestQuotesLoader>.Instance);
        await loader.StopAsync(CancellationToken.None);
        loader.Dispose();

        var exception = await Record.ExceptionAsync(() => loader.StopAsync(CancellationToken.None));

        Assert.Null(exception);
    }
}
