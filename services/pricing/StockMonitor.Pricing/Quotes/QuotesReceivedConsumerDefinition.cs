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
    /// <summary>
    /// Runs in flight. A run is acknowledged only when the bars of all its symbols are written (up to about
    /// <see cref="PricingOptions.BarFlushInterval"/> after it arrived), so the broker must be able to hand over a couple of
    /// seconds of runs meanwhile: the bridge publishes up to 5 runs per second per shard (at most 50,000 quotes here).
    /// </summary>
    public const int InFlight = 100;

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
