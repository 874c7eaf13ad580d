using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Aws;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Relay;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// The portfolio service hosted in the test on a database and bus prefix of its own, with a test bus that records
/// everything the relay publishes. As a class fixture its tests share it and tell their messages apart by portfolio.
/// </summary>
public sealed class RelayHost : IAsyncLifetime
{
    private static readonly Type[] Recorded =
        [typeof(TradeRecorded), typeof(PortfolioSymbolsChanged), typeof(AlertRuleAdded), typeof(AlertRuleRemoved), typeof(PortfolioChanged)];

    private readonly Action<IServiceCollection>? configureServices;
    private readonly bool relay;
    private readonly bool inOrder;
    private readonly IReadOnlyDictionary<string, string>? extraSettings;
    private string? database;
    private WebApplicationFactory<Program>? factory;
    private HttpClient? client;

    public RelayHost()
        : this(null)
    {
    }

    /// <param name="configureServices">Replaces or adds services after the service's own (e.g. a publish observer).</param>
    /// <param name="database">The database of a service that ran before (a restart), instead of a new one.</param>
    /// <param name="relay">False: the service appends events and publishes none (<c>Relay:Enabled</c>).</param>
    /// <param name="inOrder">The test bus records in queue order (see <see cref="TestBus.StartInOrderAsync"/>).</param>
    /// <param name="settings">Settings over the test's own (e.g. <c>Portfolio:RelayPublishTimeout</c>).</param>
    internal RelayHost(
        Action<IServiceCollection>? configureServices, string? database = null, bool relay = true, bool inOrder = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        extraSettings = settings;
        this.configureServices = configureServices;
        this.database = database;
        this.relay = relay;
        this.inOrder = inOrder;
    }

    public TestBus Bus { get; private set; } = null!;

    /// <summary>The service's database (connection string).</summary>
    public string Database => database ?? throw new InvalidOperationException("The host is not initialized.");

    public IDocumentStore Store => factory!.Services.GetRequiredService<IDocumentStore>();

    internal PortfolioClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        database ??= await infra.CreateDatabaseAsync();
        var prefix = TestInfrastructure.UniqueName("pfr");
        // Bound before the service starts, so nothing it publishes can miss the test's queue.
        Bus = inOrder
            ? await TestBus.StartInOrderAsync(infra.Servers.RabbitMq, prefix, Recorded)
            : await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, Recorded);
        var settings = infra.SettingsFor(new AwsResources(), prefix, Database);
        // Prices play no part here: no pricing (valuations use the trade prices).
        settings["PricingApi:BaseUrl"] = PricingStandIn.Nowhere.ToString();
        settings[BusRelayExtensions.EnabledKey] = relay ? "true" : "false";
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
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
