using MassTransit;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// One instance at a time receives quotes: the queue has a single active consumer (RabbitMQ's
/// <c>x-single-active-consumer</c>), the other instances wait as hot standbys and the broker hands the queue to one of
/// them when the active one's connection ends. Many quotes in flight at once (they wait together for their batch, see <see cref="QuoteRecorder"/>). DynamoDB and
/// broker failures are retried inside the recorder (the messages wait, unacknowledged); a poison quote goes to the
/// error queue at once, with its reason.
/// </summary>
public sealed class QuoteReceivedConsumerDefinition : ConsumerDefinition<QuoteReceivedConsumer>
{
    public const int InFlight = 2_000;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QuoteReceivedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.SingleActiveConsumer = true;
        }

        endpointConfigurator.PrefetchCount = InFlight;
        endpointConfigurator.ConcurrentMessageLimit = InFlight;
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<PoisonQuoteException>();
            r.Interval(3, TimeSpan.FromMilliseconds(200));
        });
    }
}
