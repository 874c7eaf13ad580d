using MassTransit;

namespace StockMonitor.Pricing.LatestQuotes;

/// <summary>Retries transient DynamoDB failures; writes are idempotent, so a redelivery is harmless.</summary>
public sealed class QuoteReceivedConsumerDefinition : ConsumerDefinition<QuoteReceivedConsumer>
{
    public QuoteReceivedConsumerDefinition()
    {
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QuoteReceivedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
