using MassTransit;
using StockMonitor.Bridge.DeadLetters;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Bridge.Reading;

/// <summary>
/// Reads one leased shard from its checkpoint: the valid records of each GetRecords batch are published in order as
/// <see cref="QuotesReceived"/> (one message per run of up to <see cref="QuotesReceived.MaxQuotes"/>), invalid records
/// are dead-lettered, and only when all of it is confirmed does the checkpoint move. A crash
/// therefore re-publishes at most the batch in flight and never skips a record.
/// </summary>
internal sealed partial class ShardProcessor(
    KinesisClient kinesis,
    IBus bus,
    LeaseTable leases,
    DeadLetterWriter deadLetters,
    ShardFailures failures,
    BridgeMetrics metrics,
    BridgeOptions options,
    string streamName,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>What the reader is doing, so that a failure says which step failed.</summary>
    private string step = "reading";

    /// <summary>
    /// Reads until the shard ends, <paramref name="stopping"/> asks for a graceful stop (the batch in flight is
    /// finished and checkpointed first), or <paramref name="leaseLost"/> says another instance took the lease
    /// (abandon at once).
    /// </summary>
    public async Task<ShardOutcome> RunAsync(Lease lease, CancellationToken leaseLost, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await ReadAsync(lease, leaseLost, stopping);
        }
        finally
        {
            failures.Cleared(lease.ShardId);
        }
    }

    private async Task<ShardOutcome> ReadAsync(Lease lease, CancellationToken leaseLost, CancellationToken stopping)
    {
        var shardId = lease.ShardId;
        var owner = lease.Owner!;
        var checkpoint = lease.Checkpoint == Lease.TrimHorizon ? null : lease.Checkpoint;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(leaseLost, stopping);
        string? iterator = null;
        var nextCallAt = DateTimeOffset.MinValue;
        var backoff = TimeSpan.FromMilliseconds(500);
        LogStarted(shardId, lease.Checkpoint);
        while (!either.IsCancellationRequested)
        {
            try
            {
                step = "reading";
                iterator ??= checkpoint is null
                    ? await kinesis.GetShardIteratorAsync(streamName, shardId, ShardIteratorType.TrimHorizon, null, either.Token)
                    : await kinesis.GetShardIteratorAsync(streamName, shardId, ShardIteratorType.AfterSequenceNumber, checkpoint, either.Token);

                var wait = nextCallAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, either.Token);
                }

                nextCallAt = time.GetUtcNow() + options.PollInterval;
                var result = await kinesis.GetRecordsAsync(iterator, options.GetRecordsLimit, either.Token);
                if (result.MillisBehindLatest is { } behind)
                {
                    metrics.MillisBehindLatest.Record(behind, new KeyValuePair<string, object?>("shard", shardId));
                }

                if (result.Records.Count > 0)
                {
                    metrics.RecordsRead.Add(result.Records.Count);
                    // Publishing runs to completion unless the lease is lost: a graceful stop waits for it.
                    await HandleAsync(shardId, result.Records, leaseLost);
                    checkpoint = result.Records[^1].SequenceNumber;
                    step = "checkpointing";
                    if (!await leases.TryCheckpointAsync(shardId, owner, checkpoint, CancellationToken.None))
                    {
                        return ShardOutcome.Lost;
                    }
                }

                iterator = result.NextShardIterator;
                if (iterator is null)
                {
                    LogShardEnded(shardId);
                    return await leases.TryCheckpointAsync(shardId, owner, Lease.ShardEnd, CancellationToken.None) ? ShardOutcome.Finished : ShardOutcome.Lost;
                }

                backoff = TimeSpan.FromMilliseconds(500);
                failures.Cleared(shardId);
            }
            catch (OperationCanceledException) when (either.IsCancellationRequested)
            {
                break;
            }
            catch (KinesisException ex) when (ex.ErrorType == KinesisErrors.ResourceNotFound)
            {
                LogShardGone(shardId, ex.Message);
                return ShardOutcome.Gone;
            }
            catch (Exception ex)
            {
                // Expired iterator, throttling, Kinesis, S3 or the broker down: start again after the checkpoint.
                failures.Failed(shardId, step, ex, time.GetUtcNow());
                if (ex is KinesisException { ErrorType: KinesisErrors.ExpiredIterator })
                {
                    LogIteratorExpired(shardId);
                }
                else
                {
                    LogReadFailed(ex, shardId, step, backoff);
                }

                iterator = null;
                try
                {
                    await Task.Delay(backoff, time, either.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }

        return leaseLost.IsCancellationRequested ? ShardOutcome.Lost : ShardOutcome.Stopped;
    }

    private async Task HandleAsync(string shardId, IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var valid = new List<QuoteReceived>(records.Count);
        foreach (var record in records)
        {
            // A quote observed too far after it reached Kinesis would stay its symbol's latest and hide every real one.
            // Measured against the record's arrival, not now, so reading the record again gives the same verdict.
            var reason = QuoteRecordSerializer.TryDeserialize(record.Data.Span, out var quote, out var invalid)
                ? QuoteValidation.ValidateObservedAt(quote, record.ApproximateArrivalTimestamp)
                : invalid;
            if (reason is null)
            {
                valid.Add(new QuoteReceived(quote!, streamName, shardId, record.SequenceNumber, record.ApproximateArrivalTimestamp));
                continue;
            }

            step = "dead-letter write";
            var key = await deadLetters.WriteAsync(streamName, shardId, record, reason, cancellationToken);
            metrics.RecordsDeadLettered.Add(1);
            LogDeadLettered(shardId, record.SequenceNumber, reason, key);
        }

        // One message per run of records, in the shard's order (so per-symbol order holds).
        step = "publishing";
        foreach (var run in valid.Chunk(QuotesReceived.MaxQuotes))
        {
            // Completes when the broker confirmed the message (publisher confirms), within the publish timeout.
            await bus.PublishWithinAsync(new QuotesReceived(run), context => context.MessageId = QuotesReceived.IdFor(run), options.PublishTimeout, time, cancellationToken);
            metrics.RecordsPublished.Add(run.Length);
            var now = time.GetUtcNow();
            foreach (var published in run)
            {
                metrics.PropagationDelay.Record((now - published.ArrivedAt).TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading shard {ShardId} from {Checkpoint}")]
    private partial void LogStarted(string shardId, string checkpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {ShardId} is closed and was read to its end")]
    private partial void LogShardEnded(string shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} no longer exists: {Detail}")]
    private partial void LogShardGone(string shardId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {ShardId}: iterator expired; starting again after the checkpoint")]
    private partial void LogIteratorExpired(string shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId}: {Step} failed; starting again after the checkpoint in {Backoff}")]
    private partial void LogReadFailed(Exception exception, string shardId, string step, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId}: record {SequenceNumber} is not a valid quote.v1 ({Reason}); dead-lettered as {Key}")]
    private partial void LogDeadLettered(string shardId, string sequenceNumber, string reason, string key);
}
