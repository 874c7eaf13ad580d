using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StockMonitor.ServiceDefaults;
using StockMonitor.Testing;

namespace StockMonitor.ServiceDefaults.Tests.Messaging;

/// <summary>A host with nothing but the shared bus set-up (<see cref="MessageBusExtensions.AddMessageBus"/>), on the test broker under a prefix of its own.</summary>
internal static class BusHost
{
    public static async Task<IHost> BuildAsync(string prefix, Action<IBusRegistrationConfigurator>? configure = null, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "StockMonitor.BusTest", EnvironmentName = "Development" });
        builder.Configuration[MessageBusExtensions.ConnectionVariable] = (await TestInfrastructure.GetAsync()).Servers.RabbitMq.ToString();
        builder.Configuration["Bus:Prefix"] = prefix;
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddMessageBus(configure);
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
