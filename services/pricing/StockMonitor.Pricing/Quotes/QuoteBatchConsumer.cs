using MassTransit;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Alerts;
using StockMonitor.Pricing.Bars;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Takes received quotes in batches: stores them as ticks (batched puts of immutable items),
/// moves each symbol's latest quote forward to the newest of the batch when it is newer than what is stored,
/// announcing it with <see cref="PriceChanged"/> and evaluating alerts, and marks the symbol for its
/// bars and statistics recompute. Every step is idempotent, so a redelivered batch changes nothing.
/// </summary>
public sealed partial class QuoteBatchConsumer(BarWriter bars, LatestQuoteStore latest, AlertService alerts, SymbolRecomputer recomputer, ILogger<QuoteBatchConsumer> logger) : IConsumer<Batch<QuoteReceived>>
{
    public async Task Consume(ConsumeContext<Batch<QuoteReceived>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var received = context.Message.Select(m => m.Message).ToList();
        var ticks = received.Select(r => (Received: r, Tick: Tick.From(r))).ToList();

        await bars.AddTicksAsync(ticks.Select(t => (t.Received.Quote.Symbol, t.Tick)), context.CancellationToken);

        await Task.WhenAll(ticks.GroupBy(t => t.Received.Quote.Symbol).Select(async symbol =>
        {
            var newest = symbol.MaxBy(t => t.Tick.OrderKey, StringComparer.Ordinal);
            var quote = newest.Received.Quote;
            if (await latest.TryUpdateQuoteAsync(quote, newest.Tick, context.CancellationToken))
            {
                await context.Publish(
                    new PriceChanged(
                        quote.Symbol,
                        quote.Price,
                        quote.PreviousClose,
                        Statistics.PriceArithmetic.Change(quote.Price, quote.PreviousClose),
                        Statistics.PriceArithmetic.ChangePercent(quote.Price, quote.PreviousClose),
                        quote.ObservedAt),
                    context.CancellationToken);
                await alerts.EvaluateAsync(quote, context, context.CancellationToken);
            }

            recomputer.MarkDirty(symbol.Key, symbol.Select(t => BarInterval.Minute.BucketOf(t.Received.Quote.ObservedAt)).Distinct());
        }));

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        LogBatch(received.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded a batch of {Count} quotes in {Milliseconds:0} ms")]
    private partial void LogBatch(int count, double milliseconds);
}
