using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Aws;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Ingestion.Symbols;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Symbols;

/// <summary>PortfolioSymbolsChanged widens what is streamed, and the widened universe survives a restart.</summary>
public class PortfolioSymbolsTests
{
    [Fact]
    public async Task A_portfolio_symbol_is_streamed_and_still_known_after_a_restart()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("ps");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        var portfolio = Guid.NewGuid();

        await using (var first = Ingestion(infra, resources, prefix))
        {
            using var client = first.CreateClient();
            await bus.PublishAsync(new PortfolioSymbolsChanged(portfolio, ["HELD.A", "not valid"], 7, DateTimeOffset.UtcNow));

            await Eventually.HoldsAsync(
                async () => (await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream)).Any(q => q.Quote.Symbol == "HELD.A"),
                "simulated quotes of the portfolio's symbol HELD.A");
            // An older message must not shrink the set again.
            await bus.PublishAsync(new PortfolioSymbolsChanged(portfolio, [], 6, DateTimeOffset.UtcNow));
        }

        await using var second = Ingestion(infra, resources, prefix);
        using var secondClient = second.CreateClient();
        var universe = second.Services.GetRequiredService<SymbolUniverse>();

        Assert.Equal(["CONF.A", "HELD.A"], universe.Symbols);
        var stored = await second.Services.GetRequiredService<SymbolUniverseStore>().LoadAllAsync(CancellationToken.None);
        var entry = Assert.Single(stored);
        Assert.Equal((portfolio, 7L), (entry.PortfolioId, entry.Version));
        Assert.Equal(["HELD.A"], entry.Symbols);
    }

    private static WebApplicationFactory<Program> Ingestion(TestInfrastructure infra, AwsResources resources, string prefix) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, prefix))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("STOCKMONITOR_SYMBOLS", "CONF.A");
            builder.UseSetting("Simulator:Interval", "00:00:00.100");
        });
}
