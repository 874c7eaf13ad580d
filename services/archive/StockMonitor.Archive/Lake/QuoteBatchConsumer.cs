using MassTransit;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Archive.Lake;

/// <summary>Collects received quotes into batches and writes each batch to the lake.</summary>
public sealed partial class QuoteBatchConsumer(LakeWriter writer, ILogger<QuoteBatchConsumer> logger) : IConsumer<Batch<QuoteReceived>>
{
    public async Task Consume(ConsumeContext<Batch<QuoteReceived>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quotes = context.Message.Select(m => m.Message).ToList();
        var keys = await writer.WriteAsync(quotes, context.CancellationToken);
        LogWritten(quotes.Count, keys.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archived {Count} quotes in {Objects} objects")]
    private partial void LogWritten(int count, int objects);
}
