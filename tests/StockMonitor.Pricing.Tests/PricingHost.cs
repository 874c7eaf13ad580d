using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests;

/// <summary>The pricing service hosted in the test, on its own tables and bus prefix, with a test bus beside it.</summary>
internal sealed class PricingHost : IAsyncDisposable
{
    private PricingHost(WebApplicationFactory<Program> factory, TestBus bus, AwsResources resources, HttpClient client)
    {
        Factory = factory;
        Bus = bus;
        Resources = resources;
        Client = client;
    }

    public WebApplicationFactory<Program> Factory { get; }

    public TestBus Bus { get; }

    public AwsResources Resources { get; }

    public HttpClient Client { get; }

    public static async Task<PricingHost> StartAsync(params Type[] listenTo)
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("pr");
        var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, listenTo);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, prefix))
            {
                builder.UseSetting(key, value);
            }
        });
        // Creating the client starts the host, which waits until its queues are bound.
        return new PricingHost(factory, bus, resources, factory.CreateClient());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
