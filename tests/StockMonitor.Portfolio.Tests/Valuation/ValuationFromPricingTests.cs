using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Auth;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Tests.Apis;
using StockMonitor.Testing;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>
/// The portfolio against the real pricing service (a separate process on tables of its own, fed quotes over the
/// bus as the bridge feeds it): what pricing serves on its API is what the portfolio values with.
/// </summary>
public class ValuationFromPricingTests
{
    [Fact]
    public async Task A_portfolio_started_after_pricing_values_holdings_at_pricings_latest_price_and_past_days_at_its_hour_closes()
    {
        // Arrange: pricing has an hour close of 120 two days ago and a latest price of 150 now.
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("pfp");
        var settings = infra.SettingsFor(resources, prefix);
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        var now = DateTimeOffset.UtcNow;
        var twoDaysAgo = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-2).AddHours(14).AddMinutes(30);
        await bus.PublishQuotesAsync([Received("PFP.A", 120m, twoDaysAgo, 1), Received("PFP.A", 150m, now, 2)]);
        using (var http = new HttpClient { BaseAddress = pricing.BaseAddress })
        {
            await Eventually.HoldsAsync(
                async () => (await http.GetStringAsync(new Uri("/api/quotes/PFP.A", UriKind.Relative))).Contains("\"price\":150", StringComparison.Ordinal),
                $"pricing to serve PFP.A at 150 (its output:{Environment.NewLine}{pricing.RecentOutput})");
        }

        // The portfolio starts after pricing announced the price: only the start-up load can have brought it.
        var database = await infra.CreateDatabaseAsync();
        var portfolioSettings = infra.SettingsFor(new(), prefix, database);
        portfolioSettings["PricingApi:BaseUrl"] = pricing.BaseAddress.ToString();
        portfolioSettings["Auth:SigningKey"] = PortfolioApiFixture.SigningKey;
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in portfolioSettings)
            {
                builder.UseSetting(key, value);
            }
        });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All));
        var id = (await client.OpenAsync()).Id;
        var threeDaysAgo = twoDaysAgo.AddDays(-1);
        await (await client.DepositAsync(id, 1_000m, threeDaysAgo)).ViewAsync();
        await (await client.TradeAsync(id, "buy", 2, 100m, 0m, threeDaysAgo.AddMinutes(5), symbol: "PFP.A")).ViewAsync();
        var day = DateOnly.FromDateTime(twoDaysAgo.UtcDateTime);

        // Act
        var view = await client.GetViewAsync(id);
        var response = await client.GetAsync(Url(PathOf(id, $"/performance?from={day.AddDays(-1):yyyy-MM-dd}&to={day:yyyy-MM-dd}")));

        // Assert: now at the latest price, the end of that day at its hour close (cash 800 either way).
        var holding = Assert.Single(view.Holdings);
        Assert.Equal(("live", 150m, 300m), (holding.PriceSource, holding.Price, holding.MarketValue));
        var report = JsonSerializer.Deserialize<PerformanceReport>(await response.ExpectAsync(HttpStatusCode.OK), Json)!;
        Assert.Equal([800m + (2 * 100m), 800m + (2 * 120m)], report.Series.Select(d => d.Value));
    }

    private static QuoteReceived Received(string symbol, decimal price, DateTimeOffset observedAt, int sequence) =>
        new(new Quote(symbol, price, "USD", null, null, null, null, null, observedAt, "test"), "test-stream", "shardId-000000000000", sequence.ToString(CultureInfo.InvariantCulture), observedAt);
}
