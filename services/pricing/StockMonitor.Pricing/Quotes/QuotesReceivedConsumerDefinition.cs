using MassTransit;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// One instance at a time receives quotes: the queue has a single active consumer (RabbitMQ's
/// <c>x-single-active-consumer</c>), the other instances wait as hot standbys and the broker hands the queue to one of
/// them when the active one's connection ends. Several runs in flight at once (their quotes wait together for their
/// batch, see <see cref="QuoteRecorder"/>). DynamoDB and broker failures are retried inside the recorder (the messages
/// wait, unacknowledged); a poison quote goes to the error queue at once, alone, with its reason.
/// </summary>
public sealed class QuotesReceivedConsumerDefinition : ConsumerDefinition<QuotesReceivedConsumer>
{
    /// <summary>Messages in flight: up to 16 runs of <see cref="Contracts.Quotes.QuotesReceived.MaxQuotes"/> quotes.</summary>
    public const int InFlight = 16;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QuotesReceivedConsumer> consumerConfigurator,
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
