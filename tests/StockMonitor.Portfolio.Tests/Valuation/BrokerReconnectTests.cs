using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Auth;
using StockMonitor.Portfolio.Tests.Apis;
using StockMonitor.Portfolio.Valuation;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>
/// The portfolio's PriceChanged queue is its own and goes away with its connection: what pricing announced while
/// the broker was down is never delivered. After the bus reconnects the portfolio reads pricing's latest quotes again.
/// </summary>
public class BrokerReconnectTests
{
    [Fact]
    public async Task After_a_broker_restart_valuations_use_the_prices_pricing_announced_meanwhile()
    {
        // Arrange: a broker node of the test's own (it is killed), pricing's API standing in with AAPL at 100.
        var infra = await TestInfrastructure.GetAsync();
        var database = await infra.CreateDatabaseAsync();
        await using var node = await RabbitMqNode.StartAsync();
        await using var pricing = await PricingStandIn.StartAsync();
        var start = DateTimeOffset.UtcNow;
        pricing.Quotes["PFR.A"] = new PricingQuote("PFR.A", 100m, 99m, start);
        var settings = infra.SettingsFor(new(), TestInfrastructure.UniqueName("pfr"), database);
        settings["STOCKMONITOR_RABBITMQ"] = node.AmqpUri.ToString();
        settings["PricingApi:BaseUrl"] = pricing.BaseAddress.ToString();
        settings["Auth:SigningKey"] = PortfolioApiFixture.SigningKey;
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All));
        var id = (await client.OpenAsync()).Id;
        await (await client.DepositAsync(id, 1_000m, start.AddHours(-1))).ViewAsync();
        await (await client.TradeAsync(id, "buy", 2, 90m, 0m, start.AddMinutes(-30), symbol: "PFR.A")).ViewAsync();
        Assert.Equal(100m, Assert.Single((await client.GetViewAsync(id)).Holdings).Price);

        // Act: the broker crashes; meanwhile pricing moves AAPL to 150 (its PriceChanged reaches no one); the broker is back.
        node.Kill();
        pricing.Quotes["PFR.A"] = new PricingQuote("PFR.A", 150m, 99m, start.AddSeconds(1));
        await node.RestartAsync();

        // Assert: without any PriceChanged, the valuation moves to 150 once the bus is connected again.
        await Eventually.HoldsAsync(
            async () => Assert.Single((await client.GetViewAsync(id)).Holdings) is { Price: 150m, MarketValue: 300m },
            "the valuation to use the price pricing serves after the reconnect",
            TimeSpan.FromSeconds(90));
    }
}
