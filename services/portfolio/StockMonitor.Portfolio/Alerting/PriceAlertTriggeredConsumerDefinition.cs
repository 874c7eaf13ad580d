using MassTransit;

namespace StockMonitor.Portfolio.Alerting;

/// <summary>
/// PostgreSQL failures are retried (storing a firing is idempotent) before a firing goes to the error queue. The
/// queue is durable and shared by the replicas (<c>portfolio-price-alert-triggered</c>): each firing is stored once.
/// </summary>
public sealed class PriceAlertTriggeredConsumerDefinition : ConsumerDefinition<PriceAlertTriggeredConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PriceAlertTriggeredConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
}
