using System.Diagnostics;
using MassTransit;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Archive.Lake;

/// <summary>Collects runs of received quotes into batches and writes each batch to the lake.</summary>
public sealed partial class QuoteBatchConsumer(LakeWriter writer, ArchiveMetrics metrics, ILogger<QuoteBatchConsumer> logger) : IConsumer<Batch<QuotesReceived>>
{
    public async Task Consume(ConsumeContext<Batch<QuotesReceived>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        var quotes = context.Message.SelectMany(m => m.Message.Quotes ?? []).ToList();
        metrics.BatchConsumed(quotes.Count);
        var keys = await writer.WriteAsync(quotes, context.CancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        LogWritten(quotes.Count, context.Message.Length, keys.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archived {Count} quotes of {Runs} runs in {Objects} objects in {Milliseconds:0} ms")]
    private partial void LogWritten(int count, int runs, int objects, double milliseconds);
}
