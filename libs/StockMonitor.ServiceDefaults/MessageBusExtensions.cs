using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StockMonitor.ServiceDefaults;

/// <summary>
/// The one place that chooses the bus transport: RabbitMQ (Amazon MQ for RabbitMQ on AWS), from the
/// <c>STOCKMONITOR_RABBITMQ</c> amqp:// URI. Services add their consumers through <paramref name="configure"/>.
/// </summary>
public static class MessageBusExtensions
{
    public const string ConnectionVariable = "STOCKMONITOR_RABBITMQ";

    /// <summary>The local development broker started by <c>./stockmonitor up</c>.</summary>
    public const string DefaultConnection = "amqp://guest:guest@127.0.0.1:18672/";

    public static IHostApplicationBuilder AddMessageBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = new Uri(builder.Configuration[ConnectionVariable] ?? DefaultConnection);

        // Bus:Prefix isolates several environments (or test runs) on one broker: queues and exchanges both get it.
        var prefix = builder.Configuration["Bus:Prefix"];

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(BusTopology.EndpointNames(prefix, BusTopology.ServiceName(builder.Environment.ApplicationName)));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(connection, h => h.ConnectionName(builder.Environment.ApplicationName));
                BusTopology.UsePrefix(cfg, prefix);
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            // Without this, a publish right after start can reach an exchange that is not bound yet
            // and RabbitMQ drops the message silently.
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(20);
        });
        return builder;
    }
}
