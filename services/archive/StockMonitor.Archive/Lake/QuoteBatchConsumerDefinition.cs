using MassTransit;
using Microsoft.Extensions.Options;

namespace StockMonitor.Archive.Lake;

/// <summary>Batches of up to <see cref="ArchiveOptions.MaxRunsPerObject"/> runs of quotes or <see cref="ArchiveOptions.MaxWait"/>; S3 failures are retried for as long as they last (the batch waits unacknowledged: backpressure).</summary>
public sealed class QuoteBatchConsumerDefinition : ConsumerDefinition<QuoteBatchConsumer>
{
    private readonly ArchiveOptions options;

    public QuoteBatchConsumerDefinition(IOptions<ArchiveOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<QuoteBatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // The whole batch must be deliverable at once: every quote of a batch waits unacknowledged until its object is written.
        endpointConfigurator.PrefetchCount = options.MaxRunsPerObject * 2;
        endpointConfigurator.UseMessageRetry(r => r.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(options.MaxRunsPerObject)
            .SetTimeLimit(options.MaxWait)
            .SetConcurrencyLimit(1));
    }
}
