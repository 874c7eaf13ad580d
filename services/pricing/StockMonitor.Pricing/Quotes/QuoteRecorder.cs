using System.Diagnostics;
using System.Threading.Channels;
using MassTransit;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Alerts;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Records received quotes in batches that grow with the load (group commit): while one batch is being written,
/// the quotes that arrive wait, and the next batch takes all of them. A batch stores its quotes as ticks (batched
/// puts of immutable items), moves each symbol's latest quote forward to the newest of the batch when it is newer
/// than what is stored (announcing it with <see cref="PriceChanged"/> and evaluating alerts), and marks the symbol
/// for its bars and statistics recompute. A quote's <see cref="RecordAsync"/> completes only when its batch is
/// written, so the broker's message is acknowledged after that; every step is idempotent, so a redelivery changes
/// nothing.
/// </summary>
public sealed partial class QuoteRecorder : IAsyncDisposable
{
    public const int MaxBatch = 2_000;

    private readonly Channel<Pending> pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly BarWriter bars;
    private readonly LatestQuoteStore latest;
    private readonly AlertService alerts;
    private readonly SymbolRecomputer recomputer;
    private readonly IBus bus;
    private readonly ILogger<QuoteRecorder> logger;
    private readonly Task loop;

    public QuoteRecorder(BarWriter bars, LatestQuoteStore latest, AlertService alerts, SymbolRecomputer recomputer, IBus bus, ILogger<QuoteRecorder> logger)
    {
        (this.bars, this.latest, this.alerts, this.recomputer, this.bus, this.logger) = (bars, latest, alerts, recomputer, bus, logger);
        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>Completes when <paramref name="received"/> is recorded (or throws when its batch failed).</summary>
    public Task RecordAsync(QuoteReceived received, CancellationToken cancellationToken)
    {
        var item = new Pending(received, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!pending.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The quote recorder is stopped.");
        }

        return item.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await stopping.CancelAsync();
        stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await pending.Reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < MaxBatch && pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await RecordBatchAsync(batch.Select(p => p.Received).ToList(), cancellationToken);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                // Each message's consumer throws and is retried by its endpoint's retry policy.
                LogBatchFailed(ex, batch.Count);
                batch.ForEach(p => p.Done.TrySetException(ex));
            }

            batch.Clear();
        }
    }

    private async Task RecordBatchAsync(List<QuoteReceived> received, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var ticks = received.Select(r => (Received: r, Tick: Tick.From(r))).ToList();
        await bars.AddTicksAsync(ticks.Select(t => (t.Received.Quote.Symbol, t.Tick)), cancellationToken);

        await Parallel.ForEachAsync(
            ticks.GroupBy(t => t.Received.Quote.Symbol),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (symbol, token) =>
            {
                var newest = symbol.MaxBy(t => t.Tick.OrderKey, StringComparer.Ordinal);
                var quote = newest.Received.Quote;
                if (await latest.TryUpdateQuoteAsync(quote, newest.Tick, token))
                {
                    await bus.Publish(
                        new PriceChanged(
                            quote.Symbol,
                            quote.Price,
                            quote.PreviousClose,
                            PriceArithmetic.Change(quote.Price, quote.PreviousClose),
                            PriceArithmetic.ChangePercent(quote.Price, quote.PreviousClose),
                            quote.ObservedAt,
                            quote.High,
                            quote.Low,
                            quote.Volume,
                            quote.Currency),
                        token);
                    await alerts.EvaluateAsync(quote, bus, token);
                }

                recomputer.MarkDirty(symbol.Key, symbol.Select(t => BarInterval.Minute.BucketOf(t.Received.Quote.ObservedAt)).Distinct());
            });

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogBatch(received.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded a batch of {Count} quotes in {Milliseconds:0} ms")]
    private partial void LogBatch(int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a batch of {Count} quotes failed; their messages are retried")]
    private partial void LogBatchFailed(Exception exception, int count);

    private sealed record Pending(QuoteReceived Received, TaskCompletionSource Done);
}
