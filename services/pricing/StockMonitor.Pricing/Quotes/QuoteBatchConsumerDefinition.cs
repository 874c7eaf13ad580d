using MassTransit;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Batches of up to 500 quotes or 50 ms (latency matters: a price shows up within a second), two batches at
/// a time; DynamoDB failures are retried (every write is idempotent).
/// </summary>
public sealed class QuoteBatchConsumerDefinition : ConsumerDefinition<QuoteBatchConsumer>
{
    public const int MessageLimit = 500;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QuoteBatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // A batch can only fill if the broker hands over that many messages at once.
        endpointConfigurator.PrefetchCount = MessageLimit * 2;
        endpointConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeSpan.FromMilliseconds(50))
            .SetConcurrencyLimit(2));
    }
}
