using MassTransit;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Archive.Lake;

/// <summary>Collects runs of received quotes into batches and writes each batch to the lake.</summary>
public sealed partial class QuoteBatchConsumer(LakeWriter writer, ILogger<QuoteBatchConsumer> logger) : IConsumer<Batch<QuotesReceived>>
{
    public async Task Consume(ConsumeContext<Batch<QuotesReceived>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quotes = context.Message.SelectMany(m => m.Message.Quotes ?? []).ToList();
        var keys = await writer.WriteAsync(quotes, context.CancellationToken);
        LogWritten(quotes.Count, keys.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archived {Count} quotes in {Objects} objects")]
    private partial void LogWritten(int count, int objects);
}
