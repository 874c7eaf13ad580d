using MassTransit;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Pricing.Quotes;

/// <summary>Hands each received quote to the <see cref="QuoteRecorder"/> and acknowledges it once its batch is written.</summary>
public sealed class QuoteReceivedConsumer(QuoteRecorder recorder) : IConsumer<QuoteReceived>
{
    public Task Consume(ConsumeContext<QuoteReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return recorder.RecordAsync(context.Message, context.CancellationToken);
    }
}
