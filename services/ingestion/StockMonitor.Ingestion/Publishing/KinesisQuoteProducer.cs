using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;

namespace StockMonitor.Ingestion.Publishing;

/// <summary>
/// Buffers quotes and writes them to the quote stream with PutRecords: batches of up to 500 records and
/// 5 MiB, sent when full or after a short linger. Failed entries (and failed calls) are retried with
/// exponential backoff and jitter until Kinesis accepts them; per-symbol order is kept (see
/// <see cref="PendingBatch"/>). The buffer is bounded: when Kinesis is slow or down, <see cref="EnqueueAsync"/>
/// waits, which slows the feeds down. On shutdown everything buffered is flushed.
/// </summary>
public sealed partial class KinesisQuoteProducer : IHostedService, IDisposable
{
    private readonly KinesisClient kinesis;
    private readonly string streamName;
    private readonly ProducerOptions options;
    private readonly ILogger<KinesisQuoteProducer> logger;
    private readonly Channel<PutRecordsEntry> buffer;
    private readonly CancellationTokenSource abort = new();
    private readonly ProducerMetrics metrics;
    private readonly TimeProvider time;
    private Task? loop;
    private int pendingCount;

    public KinesisQuoteProducer(
        KinesisClient kinesis,
        IOptions<AwsResources> resources,
        IOptions<ProducerOptions> options,
        IMeterFactory meterFactory,
        TimeProvider time,
        ILogger<KinesisQuoteProducer> logger)
    {
        this.kinesis = kinesis;
        this.time = time;
        streamName = resources.Value.QuoteStream;
        this.options = options.Value;
        this.logger = logger;
        buffer = Channel.CreateBounded<PutRecordsEntry>(new BoundedChannelOptions(this.options.BufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        metrics = new ProducerMetrics(meterFactory, () => BufferDepth);
    }

    /// <summary>Quotes accepted but not yet confirmed by Kinesis.</summary>
    public int BufferDepth => buffer.Reader.Count + Volatile.Read(ref pendingCount);

    /// <summary>When Kinesis last accepted a call; null before the first success.</summary>
    public DateTimeOffset? LastSuccessAt { get; private set; }

    /// <summary>Consecutive failed attempts; zero while Kinesis accepts everything.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>When the current run of failed attempts began; null while Kinesis accepts everything.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Queues a quote; waits while the buffer is full.</summary>
    public ValueTask EnqueueAsync(Quote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return buffer.Writer.WriteAsync(new PutRecordsEntry(QuoteRecordSerializer.Serialize(quote), quote.Symbol), cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => RunAsync(abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting quotes and flushes the buffer; gives up only when the host's shutdown timeout expires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        buffer.Writer.TryComplete();
        if (loop is null)
        {
            return;
        }

        await using (cancellationToken.Register(abort.Cancel))
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogAbandoned(BufferDepth);
            }
        }
    }

    public void Dispose() => abort.Dispose();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var pending = new List<PutRecordsEntry>();
        var reader = buffer.Reader;
        while (true)
        {
            if (pending.Count == 0 && !await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return; // completed and drained
            }

            await FillAsync(pending, reader, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref pendingCount, pending.Count);
            var batch = PendingBatch.Take(pending, options.MaxBatchRecords, options.MaxBatchBytes);
            await PutUntilAcceptedAsync(batch, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref pendingCount, pending.Count);
        }
    }

    /// <summary>Moves records from the channel into <paramref name="pending"/> until a batch is full or the linger expires.</summary>
    private async Task FillAsync(List<PutRecordsEntry> pending, ChannelReader<PutRecordsEntry> reader, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(options.Linger.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            while (pending.Count < options.MaxBatchRecords * 2 && reader.TryRead(out var entry))
            {
                pending.Add(entry);
            }

            var remaining = deadline - Stopwatch.GetTimestamp();
            if (pending.Count >= options.MaxBatchRecords || remaining <= 0 || reader.Completion.IsCompleted)
            {
                return;
            }

            using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            linger.CancelAfter(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
            try
            {
                if (!await reader.WaitToReadAsync(linger.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return; // linger expired
            }
        }
    }

    private async Task PutUntilAcceptedAsync(List<PutRecordsEntry> batch, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (batch.Count > 0)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await kinesis.PutRecordsAsync(streamName, batch, cancellationToken).ConfigureAwait(false);
                metrics.PutLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                metrics.BatchSize.Record(batch.Count);
                var failed = new List<PutRecordsEntry>(result.FailedRecordCount);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!result.Records[i].Succeeded)
                    {
                        failed.Add(batch[i]);
                    }
                }

                metrics.RecordsPut.Add(batch.Count - failed.Count);
                LastSuccessAt = time.GetUtcNow();
                if (failed.Count > 0)
                {
                    LogPartialFailure(failed.Count, batch.Count, result.Records.First(r => !r.Succeeded).ErrorCode);
                    metrics.RecordsRetried.Add(failed.Count);
                }

                batch = failed;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Whatever the cause (throttling, Kinesis down, a bad answer), the records stay and are sent again.
                metrics.CallsFailed.Add(1);
                metrics.RecordsRetried.Add(batch.Count);
                LogCallFailed(ex, batch.Count, attempt + 1);
            }

            if (batch.Count == 0)
            {
                ConsecutiveFailures = 0;
                FailingSince = null;
                return;
            }

            FailingSince ??= time.GetUtcNow();
            ConsecutiveFailures++;
            attempt++;
            await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Exponential backoff with full jitter.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var cap = Math.Min(options.MaxBackoff.TotalMilliseconds, options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutRecords: {Failed} of {Total} records failed ({ErrorCode}); retrying those")]
    private partial void LogPartialFailure(int failed, int total, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PutRecords of {Count} records failed (attempt {Attempt}); retrying")]
    private partial void LogCallFailed(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutdown timeout: {Count} quotes were not delivered to Kinesis")]
    private partial void LogAbandoned(int count);
}
