using System.Net;
using System.Net.Http.Json;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Mvc;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests.Quotes;

public class LatestQuotesTests
{
    private static readonly DateTimeOffset ObservedAt = new(2026, 11, 27, 15, 31, 7, 123, TimeSpan.Zero);

    [Fact]
    public async Task QuoteReceived_is_stored_in_the_latest_table_with_the_change_and_announced()
    {
        await using var host = await PricingHost.StartAsync(typeof(PriceChanged));

        await host.Bus.PublishQuotesAsync([Received(new Quote("AAPL", 189.32m, "USD", 187.5m, 190.1m, 186.9m, 187.1m, 51234567m, ObservedAt, "test"))]);

        var item = await Eventually.ReturnsAsync(() => host.LatestItemAsync("AAPL"), "AAPL in the latest table");
        Assert.Equal("189.32", item["price"].N);
        Assert.Equal("2026-11-27T15:31:07.1230000Z", item["observedAt"].S);
        Assert.Equal("187.1", item["previousClose"].N);
        Assert.Equal("2.22", item["change"].N);
        // 2.22 / 187.1 × 100 = 1.18653126..., kept to 6 places.
        Assert.Equal("1.186531", item["changePercent"].N);
        var changed = await Eventually.ReturnsAsync(() => Task.FromResult(host.Bus.Received<PriceChanged>() is [var first, ..] ? first : null), "PriceChanged");
        Assert.Equal(new PriceChanged("AAPL", 189.32m, 187.1m, 2.22m, 1.186531m, ObservedAt, 190.1m, 186.9m, 51234567m, "USD"), changed);
    }

    [Fact]
    public async Task An_older_quote_does_not_replace_a_newer_one()
    {
        await using var host = await PricingHost.StartAsync(typeof(PriceChanged));
        await host.Bus.PublishQuotesAsync([Received(new Quote("MSFT", 410m, null, null, null, null, null, null, ObservedAt, "test"))]);
        await Eventually.ReturnsAsync(() => host.LatestItemAsync("MSFT"), "MSFT in the latest table");

        await host.Bus.PublishQuotesAsync([Received(new Quote("MSFT", 1m, null, null, null, null, null, null, ObservedAt.AddSeconds(-1), "test"))]);
        await host.Bus.PublishQuotesAsync([Received(new Quote("MSFT", 411m, null, null, null, null, null, null, ObservedAt.AddSeconds(1), "test"))]);

        await Eventually.HoldsAsync(async () => (await host.LatestItemAsync("MSFT"))?["price"].N == "411", "the newer MSFT price");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Bus.Received<PriceChanged>().Count == 2), "two PriceChanged");
        Assert.Equal([410m, 411m], host.Bus.Received<PriceChanged>().Select(p => p.Price).Order());
    }

    [Fact]
    public async Task Get_quote_returns_the_stored_quote_404_for_unknown_and_400_for_invalid()
    {
        await using var host = await PricingHost.StartAsync();
        await host.Bus.PublishQuotesAsync([Received(new Quote("NVDA", 140.5m, "USD", null, null, null, 139m, null, ObservedAt, "test"))]);

        var quote = await Eventually.ReturnsAsync(
            async () => (await host.Client.GetAsync(new Uri("/api/quotes/nvda", UriKind.Relative))) is { StatusCode: HttpStatusCode.OK } r ? await r.Content.ReadFromJsonAsync<LatestQuote>() : null,
            "NVDA from the API");
        var unknown = await host.Client.GetAsync(new Uri("/api/quotes/ZZZZ", UriKind.Relative));
        var invalid = await host.Client.GetAsync(new Uri("/api/quotes/not%20a%20symbol", UriKind.Relative));
        var all = await host.Client.GetFromJsonAsync<List<LatestQuote>>(new Uri("/api/quotes?symbols=NVDA,ZZZZ", UriKind.Relative));

        Assert.Equal(140.5m, quote.Price);
        Assert.Equal(1.5m, quote.Change);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unknown symbol", (await unknown.Content.ReadFromJsonAsync<ProblemDetails>())?.Title);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["NVDA"], all!.Select(q => q.Symbol));
    }

    private static QuoteReceived Received(Quote quote) =>
        new(quote, "test-stream", "shardId-000000000000", quote.ObservedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), quote.ObservedAt);
}
