using MassTransit;
using Microsoft.Extensions.Options;

namespace StockMonitor.Archive.Lake;

/// <summary>Batches of up to <see cref="ArchiveOptions.MaxQuotesPerObject"/> quotes or <see cref="ArchiveOptions.MaxWait"/>; S3 failures are retried.</summary>
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
        endpointConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(options.MaxQuotesPerObject)
            .SetTimeLimit(options.MaxWait)
            .SetConcurrencyLimit(1));
    }
}
