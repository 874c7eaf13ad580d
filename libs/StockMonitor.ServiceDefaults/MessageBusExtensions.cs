using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        var retry = builder.Configuration.GetSection(BusRetryOptions.SectionName).Get<BusRetryOptions>() ?? new BusRetryOptions();
        if (retry.Limit < 0 || retry.MinInterval < TimeSpan.Zero || retry.MaxInterval < retry.MinInterval || retry.IntervalDelta < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{BusRetryOptions.SectionName}: Limit and the intervals must not be negative, MaxInterval not below MinInterval.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit reports usage to usage-tracking.masstransit.io by default: a monitoring system inside a
            // company network must not call out unasked.
            bus.DisableUsageTelemetry();

            // Every consumer is retried, whether or not its service gave it a definition. Delayed redelivery (message
            // back to the broker, delivered again later) needs the rabbitmq_delayed_message_exchange plugin, which
            // neither Debian's RabbitMQ nor Amazon MQ for RabbitMQ has: the back-off is kept in memory instead, and
            // what still fails goes to the _error queue, from where `./stockmonitor errors --requeue` replays it.
            // An endpoint whose definition sets a policy of its own gets this one around it (tried again when that
            // one gives up). Consumers must be idempotent: a retry runs the whole consumer again.
            if (retry.Limit > 0)
            {
                // (Limit 0 turns retries off: MassTransit's exponential policy cannot be built with no intervals.)
                bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<UnrecoverableMessageException>();
                    r.Exponential(retry.Limit, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta);
                }));
            }
            bus.SetEndpointNameFormatter(BusTopology.EndpointNames(prefix, BusTopology.ServiceName(builder.Environment.ApplicationName)));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(connection, h => h.ConnectionName(builder.Environment.ApplicationName));
                BusTopology.UsePrefix(cfg, prefix);
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ErrorQueueMetrics>(sp, connection));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ErrorQueueMetrics>());
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<ErrorQueueMetrics>());

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
