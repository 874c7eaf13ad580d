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
using StockMonitor.Pricing.Ownership;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Records received quotes in batches (group commit): quotes wait at least <see cref="PricingOptions.FlushInterval"/>
/// after the previous batch began, then the next batch takes all of them. A batch is applied to the in-memory
/// <see cref="PriceBook"/> and everything it changed is written in batched puts (new ticks, the touched minute and hour
/// bars, each symbol's latest item with its statistics); only then — the state durable — each symbol's newest quote
/// is announced with <see cref="PriceChanged"/> and its alerts evaluated. A quote's <see cref="RecordAsync"/>
/// completes when its batch is done, so the broker's message is acknowledged after that.
/// </summary>
/// <remarks>
/// Only the holder of the <see cref="PricingLease"/> writes; another instance's batches wait (unacknowledged) until it
/// can take the lease. Applying a batch is idempotent (the state is a function of the set of ticks), so a batch is
/// simply tried again when DynamoDB or the broker fails (with growing pauses up to
/// <see cref="PricingOptions.MaxRetryDelay"/>, for as long as it takes: while it waits, no message is acknowledged and
/// the broker stops delivering once the prefetch is used up — backpressure). A publish waits at most
/// <see cref="PricingOptions.PublishTimeout"/> for its confirm. A redelivered quote that is still the symbol's newest is
/// announced again, so a crash between writing and publishing loses no announcement. A quote that fails on its own
/// (invalid, or rejected by DynamoDB) is found by halving its batch and fails alone with
/// <see cref="PoisonQuoteException"/>; the rest of the batch is recorded.
/// </remarks>
public sealed partial class QuoteRecorder : IAsyncDisposable
{
    public const int MaxBatch = 5_000;

    /// <summary>How long a stopping recorder keeps trying a failing batch before it gives its quotes back to the broker.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Channel<Pending> pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly PriceBook book;
    private readonly PricingLease lease;
    private readonly AlertService alerts;
    private readonly IBus bus;
    private readonly TimeProvider time;
    private readonly PricingOptions options;
    private readonly ILogger<QuoteRecorder> logger;
    private readonly PricingMetrics? metrics;
    private readonly ResiliencePipeline retry;
    private readonly Task loop;

    /// <summary>When each symbol's bars are written (the recorder's loop only).</summary>
    private readonly BarSchedule bars;
    private readonly int barSymbolsPerCycle;
    private readonly long started;
    private int waiting;
    private bool completing;
    private long lastActivity;
    private int failingAttempts;
    private string? lastError;

    public QuoteRecorder(
        PriceBook book,
        PricingLease lease,
        AlertService alerts,
        IBus bus,
        TimeProvider time,
        IOptions<PricingOptions> options,
        ILogger<QuoteRecorder> logger,
        PricingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (this.book, this.lease, this.alerts, this.bus, this.time, this.options, this.logger, this.metrics) =
            (book, lease, alerts, bus, time, options.Value, logger, metrics);
        lastActivity = started = time.GetTimestamp();
        bars = new BarSchedule(this.options.BarFlushInterval);
        barSymbolsPerCycle = Math.Max(1, (int)Math.Ceiling(this.options.BarSymbolsPerSecond * Math.Max(this.options.FlushInterval.TotalSeconds, 0.01)));
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

    /// <summary>Whether no quote waits or is being recorded (tests and benchmarks wait for it).</summary>
    public bool IsIdle => Volatile.Read(ref waiting) == 0;

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

    /// <summary>Records what is pending, then gives the lease up so that another instance takes over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref completing, true);
        pending.Writer.TryComplete();
        stopping.CancelAfter(StopGrace);
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await lease.ReleaseAsync(release.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
        // Quotes applied and announced whose bars are not written yet: acknowledged with their symbol's next bar write.
        var unwritten = new List<Pending>(MaxBatch);
        var fresh = new List<Pending>(MaxBatch);
        try
        {
            var lastCycle = time.GetTimestamp();
            while (unwritten.Count > 0 || await pending.Reader.WaitToReadAsync(cancellationToken))
            {
                // Let quotes gather: fewer, fuller writes (DynamoDB calls grow with writes × symbols, not with quotes).
                var wait = options.FlushInterval - time.GetElapsedTime(lastCycle);
                if (wait > TimeSpan.Zero && !Volatile.Read(ref completing))
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                lastCycle = time.GetTimestamp();
                while (unwritten.Count + fresh.Count < MaxBatch && pending.Reader.TryRead(out var item))
                {
                    fresh.Add(item);
                }

                // Each symbol's bars are written every BarFlushInterval, symbols spread over it (a share of them in each
                // cycle, not all at once); everything when the batch is full or the service stops.
                // Within a budget of symbols per cycle (the longest overdue first), so that with many symbols the bar
                // writes do not crowd out the latest items' (each symbol's bars then wait longer and carry more ticks).
                var all = unwritten.Count + fresh.Count >= MaxBatch || Volatile.Read(ref completing);
                var now = time.GetElapsedTime(started, lastCycle);
                var symbols = unwritten.Concat(fresh).Select(p => p.Received.Quote.Symbol);
                var due = all ? symbols.ToHashSet(StringComparer.Ordinal) : bars.Due(symbols, now, barSymbolsPerCycle);
                var batch = unwritten.Where(p => due.Contains(p.Received.Quote.Symbol)).Concat(fresh).ToList();
                unwritten.AddRange(fresh);
                fresh.Clear();
                await RecordOrIsolateAsync(batch, due, cancellationToken);
                foreach (var symbol in due)
                {
                    bars.Written(symbol, now);
                }

                unwritten.RemoveAll(p => p.Done.Task.IsCompleted);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping while a batch still fails: its quotes (and any queued) go back to the broker unacknowledged.
            while (pending.Reader.TryRead(out var item))
            {
                fresh.Add(item);
            }

            unwritten.Concat(fresh).ToList().ForEach(p => Finish(p, new OperationCanceledException("The pricing service is stopping.")));
        }
    }

    /// <summary>
    /// Records <paramref name="batch"/>, trying again while failures are transient. The bars of the symbols in
    /// <paramref name="barsOf"/> are written too and their quotes are done (a poison quote among them fails alone); the
    /// other quotes stay for their symbol's next bar write (a poison quote is left for it to find).
    /// </summary>
    private async Task RecordOrIsolateAsync(List<Pending> batch, HashSet<string> barsOf, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await retry.ExecuteAsync(
                async token =>
                {
                    MarkActivity();
                    await RecordBatchAsync(batch, barsOf, token);
                },
                cancellationToken);
            Interlocked.Exchange(ref failingAttempts, 0);
            MarkActivity();
            foreach (var p in batch)
            {
                if (barsOf.Contains(p.Received.Quote.Symbol))
                {
                    Finish(p, null);
                }
                else
                {
                    p.Announced = true;
                }
            }
        }
        catch (Exception ex) when (IsPoison(ex) && !batch.Any(p => barsOf.Contains(p.Received.Quote.Symbol)))
        {
            // What the failed write left in memory is dropped; the symbols' bar write applies their quotes again and isolates it.
            book.Forget(batch.Select(p => p.Received.Quote.Symbol));
        }
        catch (Exception ex) when (IsPoison(ex) && batch.Count > 1)
        {
            book.Forget(batch.Select(p => p.Received.Quote.Symbol));
            // Halve until the quote that fails is alone; the others are recorded in their order.
            var half = batch.Count / 2;
            await RecordOrIsolateAsync(batch[..half], barsOf, cancellationToken);
            await RecordOrIsolateAsync(batch[half..], barsOf, cancellationToken);
        }
        catch (Exception ex) when (IsPoison(ex))
        {
            book.Forget([batch[0].Received.Quote.Symbol]);
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

    /// <summary>
    /// Applies and writes <paramref name="batch"/>, then announces each symbol's newest quote it holds, except those
    /// of messages a previous write of the same group already announced.
    /// </summary>
    private async Task RecordBatchAsync(List<Pending> batch, HashSet<string> barsOf, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (held, tookOver) = await lease.HoldAsync(cancellationToken);
        if (!held)
        {
            throw new LeaseHeldException($"Waiting for the pricing lease, held by {lease.HeldBy ?? "another instance"}");
        }

        if (tookOver)
        {
            book.Clear();
        }

        // Reading state (a takeover reads every symbol's) takes no lease time: only the writes are bounded by it.
        var announce = await book.ApplyAsync(batch.Select(p => p.Received).ToList(), cancellationToken);
        var prepared = await book.PrepareAsync(barsOf.Contains, cancellationToken);
        (held, tookOver) = await lease.HoldAsync(cancellationToken);
        if (!held || tookOver)
        {
            book.Clear();
            throw new LeaseHeldException($"The pricing lease was lost while the batch was read; held by {lease.HeldBy ?? "another instance"}");
        }

        var applied = Stopwatch.GetElapsedTime(started);
        int items;
        using (var deadline = lease.WriteDeadline(cancellationToken))
        {
            try
            {
                items = await book.CommitAsync(prepared, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The lease ran out mid-batch: another instance may own the state now; read it again from the tables.
                book.Clear();
                throw new TimeoutException("The pricing lease ran out before the batch was written");
            }
        }

        var written = Stopwatch.GetElapsedTime(started);
        var writtenAt = time.GetUtcNow();
        var announced = batch.Where(p => p.Announced).Select(p => p.Received).ToHashSet(ReferenceEqualityComparer.Instance);
        await Parallel.ForEachAsync(
            announce.Where(q => !announced.Contains(q)),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (quote, token) => await AnnounceAsync(quote, token));

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics?.BatchRecorded(batch.Count, batch.Count(p => barsOf.Contains(p.Received.Quote.Symbol)), elapsed, announce.Select(q => q.Quote.ObservedAt), writtenAt);
        var (read, write, publish) = (applied.TotalMilliseconds, (written - applied).TotalMilliseconds, (elapsed - written).TotalMilliseconds);
        if (barsOf.Count > 0)
        {
            LogBatch(batch.Count, items, elapsed.TotalMilliseconds, read, write, publish);
        }
        else
        {
            LogLatestWrite(batch.Count, items, elapsed.TotalMilliseconds, read, write, publish);
        }
    }

    /// <summary>
    /// Publishes the stored newest quote and its alerts, bounded by <see cref="PricingOptions.PublishTimeout"/>. The bound
    /// does not rely on the transport honouring the token: after a dropped connection a publish can wait for a channel
    /// that never comes and ignore its cancellation, and one such announcement would hold the batch (and every
    /// unacknowledged message behind it) forever, silently. It is given up instead and the batch is tried again.
    /// </summary>
    private async Task AnnounceAsync(QuoteReceived received, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        var quote = received.Quote;
        try
        {
            await AnnounceWithinAsync(received, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not confirm the announcement of {quote.Symbol} within {options.PublishTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task AnnounceWithinAsync(QuoteReceived received, CancellationToken cancellationToken)
    {
        var quote = received.Quote;
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
            cancellationToken);
        await alerts.EvaluateAsync(quote, bus, cancellationToken);
    }

    /// <summary>The same quote is always announced under the same message id, however often it is announced.</summary>
    internal static Guid PriceChangedId(QuoteReceived received) =>
        QuoteMessageId.For("price-changed:" + received.StreamName, received.ShardId, received.SequenceNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote the latest items of {Count} quotes ({Items} items) in {Milliseconds:0} ms (apply {ApplyMilliseconds:0}, write {WriteMilliseconds:0}, announce {AnnounceMilliseconds:0}); their bars follow")]
    private partial void LogLatestWrite(int count, int items, double milliseconds, double applyMilliseconds, double writeMilliseconds, double announceMilliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recorded a batch of {Count} quotes ({Items} items written) in {Milliseconds:0} ms (apply {ApplyMilliseconds:0}, write {WriteMilliseconds:0}, announce {AnnounceMilliseconds:0})")]
    private partial void LogBatch(int count, int items, double milliseconds, double applyMilliseconds, double writeMilliseconds, double announceMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a batch failed (attempt {Attempt}); trying again in {DelayMilliseconds:0} ms, its messages stay unacknowledged")]
    private partial void LogRetrying(Exception? exception, int attempt, double delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quote {Symbol} {ShardId}/{SequenceNumber} cannot be recorded; it goes to the error queue alone")]
    private partial void LogPoison(Exception exception, string symbol, string shardId, string sequenceNumber);

    private sealed record Pending(QuoteReceived Received, TaskCompletionSource Done)
    {
        /// <summary>Whether a write without bars already recorded and announced it (the group's bar write does not announce it again).</summary>
        public bool Announced { get; set; }
    }
}
