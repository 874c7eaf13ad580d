using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Amazon.Runtime;
using MassTransit;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Alerts;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Records received quotes in batches that grow with the load (group commit): while one batch is being written,
/// the quotes that arrive wait, and the next batch takes all of them. A batch stores its quotes as ticks (batched
/// puts of immutable items), moves each symbol's latest quote forward to the newest of the batch unless a newer one
/// is stored, and only then — the state durable — announces it with <see cref="PriceChanged"/> and evaluates alerts;
/// finally it marks the symbol for its bars and statistics recompute. A quote's <see cref="RecordAsync"/> completes
/// when its batch is done, so the broker's message is acknowledged after that.
/// </summary>
/// <remarks>
/// Every step is idempotent, so a batch is simply tried again when DynamoDB or the broker fails (with growing pauses
/// up to <see cref="PricingOptions.MaxRetryDelay"/>, for as long as it takes: while it waits, no message is
/// acknowledged and the broker stops delivering once the prefetch is used up — backpressure). A publish waits at most
/// <see cref="PricingOptions.PublishTimeout"/> for its confirm. A redelivered quote that is still the symbol's stored
/// newest is announced again, so a crash between storing and publishing loses no announcement. A quote that fails on
/// its own (invalid, or rejected by DynamoDB) is found by halving its batch and fails alone with
/// <see cref="PoisonQuoteException"/>; the rest of the batch is recorded.
/// </remarks>
public sealed partial class QuoteRecorder : IAsyncDisposable
{
    public const int MaxBatch = 2_000;

    /// <summary>How long a stopping recorder keeps trying a failing batch before it gives its quotes back to the broker.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Channel<Pending> pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly BarWriter bars;
    private readonly LatestQuoteStore latest;
    private readonly AlertService alerts;
    private readonly SymbolRecomputer recomputer;
    private readonly IBus bus;
    private readonly TimeProvider time;
    private readonly PricingOptions options;
    private readonly ILogger<QuoteRecorder> logger;
    private readonly ResiliencePipeline retry;
    private readonly Task loop;
    private int waiting;
    private long lastActivity;
    private int failingAttempts;
    private string? lastError;

    public QuoteRecorder(
        BarWriter bars,
        LatestQuoteStore latest,
        AlertService alerts,
        SymbolRecomputer recomputer,
        IBus bus,
        TimeProvider time,
        IOptions<PricingOptions> options,
        ILogger<QuoteRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (this.bars, this.latest, this.alerts, this.recomputer, this.bus, this.time, this.options, this.logger) =
            (bars, latest, alerts, recomputer, bus, time, options.Value, logger);
        lastActivity = time.GetTimestamp();
        retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => !IsPoison(ex) && !stopping.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = this.options.MaxRetryDelay,
                OnRetry = args =>
                {
                    Interlocked.Increment(ref failingAttempts);
                    lastError = args.Outcome.Exception?.Message;
                    MarkActivity();
                    LogRetrying(args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>What the recorder is doing (see <see cref="RecorderHealthCheck"/>).</summary>
    public RecorderProgress Progress => new(
        Volatile.Read(ref waiting),
        time.GetElapsedTime(Interlocked.Read(ref lastActivity)),
        Volatile.Read(ref failingAttempts),
        Volatile.Read(ref failingAttempts) > 0 ? lastError : null);

    /// <summary>Completes when <paramref name="received"/> is recorded; throws <see cref="PoisonQuoteException"/> when it never can be.</summary>
    public Task RecordAsync(QuoteReceived received, CancellationToken cancellationToken)
    {
        if (Problem(received) is { } problem)
        {
            throw new PoisonQuoteException(problem);
        }

        var item = new Pending(received, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref waiting);
        if (!pending.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref waiting);
            throw new InvalidOperationException("The quote recorder is stopped.");
        }

        return item.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        stopping.CancelAfter(StopGrace);
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    /// <summary>Why <paramref name="received"/> can never be recorded; null when it can.</summary>
    internal static string? Problem(QuoteReceived? received) => received switch
    {
        null => "the message has no body",
        { Quote: null } => "the message has no quote",
        { ShardId: null or "" } or { SequenceNumber: null or "" } or { StreamName: null or "" } => "the message lacks its Kinesis coordinates (stream, shard, sequence number)",
        _ => QuoteValidation.Validate(received.Quote),
    };

    /// <summary>A failure of the quotes themselves, not of DynamoDB or the broker: trying again cannot help.</summary>
    internal static bool IsPoison(Exception exception) => exception switch
    {
        PoisonQuoteException => true,
        AmazonServiceException { ErrorCode: "ValidationException", StatusCode: HttpStatusCode.BadRequest } => true,
        ArgumentException or FormatException or OverflowException or NullReferenceException or InvalidCastException => true,
        _ => false,
    };

    private void MarkActivity() => Interlocked.Exchange(ref lastActivity, time.GetTimestamp());

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await pending.Reader.WaitToReadAsync(cancellationToken))
            {
                while (batch.Count < MaxBatch && pending.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await RecordOrIsolateAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping while a batch still fails: its quotes (and any queued) go back to the broker unacknowledged.
            while (pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            batch.ForEach(p => Finish(p, new OperationCanceledException("The pricing service is stopping.")));
        }
    }

    /// <summary>Records <paramref name="batch"/>, trying again while failures are transient; a poison quote in it fails alone.</summary>
    private async Task RecordOrIsolateAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            await retry.ExecuteAsync(
                async token =>
                {
                    MarkActivity();
                    await RecordBatchAsync(batch.Select(p => p.Received).ToList(), token);
                },
                cancellationToken);
            Interlocked.Exchange(ref failingAttempts, 0);
            MarkActivity();
            batch.ForEach(p => Finish(p, null));
        }
        catch (Exception ex) when (IsPoison(ex) && batch.Count > 1)
        {
            // Halve until the quote that fails is alone; the others are recorded in their order.
            var half = batch.Count / 2;
            await RecordOrIsolateAsync(batch[..half], cancellationToken);
            await RecordOrIsolateAsync(batch[half..], cancellationToken);
        }
        catch (Exception ex) when (IsPoison(ex))
        {
            MarkActivity();
            var quote = batch[0].Received;
            LogPoison(ex, quote.Quote.Symbol, quote.ShardId, quote.SequenceNumber);
            // Without the inner exception: MassTransit records the innermost one's type and message as the reason.
            Finish(batch[0], ex as PoisonQuoteException ?? new PoisonQuoteException($"{quote.Quote.Symbol} {quote.ShardId}/{quote.SequenceNumber} cannot be recorded: {ex.Message}"));
        }
    }

    private void Finish(Pending item, Exception? failure)
    {
        var finished = failure is null ? item.Done.TrySetResult() : item.Done.TrySetException(failure);
        if (finished)
        {
            Interlocked.Decrement(ref waiting);
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
                if (await latest.TryUpdateQuoteAsync(newest.Received.Quote, newest.Tick, token))
                {
                    await AnnounceAsync(newest.Received, token);
                }

                recomputer.MarkDirty(symbol.Key, symbol.Select(t => BarInterval.Minute.BucketOf(t.Received.Quote.ObservedAt)).Distinct());
            });

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogBatch(received.Count, elapsed.TotalMilliseconds);
    }

    /// <summary>Publishes the stored newest quote and its alerts, each publish bounded by <see cref="PricingOptions.PublishTimeout"/>.</summary>
    private async Task AnnounceAsync(QuoteReceived received, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        var quote = received.Quote;
        try
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
                context => context.MessageId = PriceChangedId(received),
                timeout.Token);
            await alerts.EvaluateAsync(quote, bus, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not confirm the announcement of {quote.Symbol} within {options.PublishTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>The same quote is always announced under the same message id, however often it is announced.</summary>
    internal static Guid PriceChangedId(QuoteReceived received) =>
        QuoteMessageId.For("price-changed:" + received.StreamName, received.ShardId, received.SequenceNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded a batch of {Count} quotes in {Milliseconds:0} ms")]
    private partial void LogBatch(int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a batch failed (attempt {Attempt}); trying again in {DelayMilliseconds:0} ms, its messages stay unacknowledged")]
    private partial void LogRetrying(Exception? exception, int attempt, double delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quote {Symbol} {ShardId}/{SequenceNumber} cannot be recorded; it goes to the error queue alone")]
    private partial void LogPoison(Exception exception, string symbol, string shardId, string sequenceNumber);

    private sealed record Pending(QuoteReceived Received, TaskCompletionSource Done);
}
