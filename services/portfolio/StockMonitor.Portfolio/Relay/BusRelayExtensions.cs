using JasperFx.Events.Daemon;
using Marten;

namespace StockMonitor.Portfolio.Relay;

public static class BusRelayExtensions
{
    /// <summary>Off only where a test needs events appended and not yet published.</summary>
    public const string EnabledKey = "Relay:Enabled";

    /// <summary>
    /// Runs <see cref="BusRelay"/> in Marten's async daemon unless <c>Relay:Enabled</c> is false. Call it after the
    /// bus is added, so that the daemon starts after the bus and stops before it.
    /// </summary>
    public static IHostApplicationBuilder AddBusRelay(this IHostApplicationBuilder builder, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(marten);
        if (!builder.Configuration.GetValue(EnabledKey, true))
        {
            return builder;
        }

        builder.Services.AddOptions<RelayOptions>().BindConfiguration(RelayOptions.SectionName)
            .Validate(o => o.RelayPublishTimeout > TimeSpan.Zero, "Portfolio:RelayPublishTimeout must be positive")
            .ValidateOnStart();

        // HotCold: one replica at a time runs the relay, chosen by a PostgreSQL advisory lock that a dead replica's
        // connection gives up; Solo would relay every event once per replica, including the two pods of a rolling update.
        marten
            .AddSubscriptionWithServices<BusRelay>(ServiceLifetime.Singleton, o => o.Name = BusRelay.SubscriptionName)
            .AddAsyncDaemon(DaemonMode.HotCold);

        // The daemon's defaults dead-letter and skip events it cannot deserialize or apply; for an outbox a skipped
        // event is a lost message. Never skip: the subscription pauses, is restarted from its committed progress
        // (every few seconds), and the failure is logged until someone fixes it.
        builder.Services.ConfigureMarten(o =>
        {
            o.Projections.Errors.SkipApplyErrors = false;
            o.Projections.Errors.SkipSerializationErrors = false;
            o.Projections.Errors.SkipUnknownEvents = false;
        });
        return builder;
    }
}
