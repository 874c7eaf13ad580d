using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Aws;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// The portfolio service hosted in the test on a database and bus prefix of its own, with a test bus that records
/// everything the relay publishes. As a class fixture its tests share it and tell their messages apart by portfolio.
/// </summary>
public sealed class RelayHost : IAsyncLifetime
{
    private readonly Action<IServiceCollection>? configureServices;
    private WebApplicationFactory<Program>? factory;
    private HttpClient? client;

    public RelayHost()
        : this(null)
    {
    }

    /// <param name="configureServices">Replaces or adds services after the service's own (e.g. a publish observer).</param>
    internal RelayHost(Action<IServiceCollection>? configureServices) => this.configureServices = configureServices;

    public TestBus Bus { get; private set; } = null!;

    internal PortfolioClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var database = await infra.CreateDatabaseAsync();
        var prefix = TestInfrastructure.UniqueName("pfr");
        // Bound before the service starts, so nothing it publishes can miss the test's queue.
        Bus = await TestBus.StartAsync(
            infra.Servers.RabbitMq, prefix, typeof(TradeRecorded), typeof(PortfolioSymbolsChanged), typeof(AlertRuleAdded), typeof(AlertRuleRemoved));
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(new AwsResources(), prefix, database))
            {
                builder.UseSetting(key, value);
            }

            if (configureServices is not null)
            {
                builder.ConfigureTestServices(configureServices);
            }
        });
        // Creating the client starts the host, which waits until the bus is started.
        client = PortfolioClient.Authorized(factory.CreateClient());
        Api = new PortfolioClient(client);
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (Bus is not null)
        {
            await Bus.DisposeAsync();
        }
    }
}
