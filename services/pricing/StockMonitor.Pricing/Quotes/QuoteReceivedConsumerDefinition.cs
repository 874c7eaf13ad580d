using MassTransit;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Many quotes in flight at once (they wait together for their batch, see <see cref="QuoteRecorder"/>); DynamoDB
/// failures are retried (every write is idempotent).
/// </summary>
public sealed class QuoteReceivedConsumerDefinition : ConsumerDefinition<QuoteReceivedConsumer>
{
    public const int InFlight = 2_000;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QuoteReceivedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = InFlight;
        endpointConfigurator.ConcurrentMessageLimit = InFlight;
        endpointConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
    }
}
