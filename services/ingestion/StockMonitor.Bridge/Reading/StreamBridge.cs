using MassTransit;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;

namespace StockMonitor.Bridge.Reading;

/// <summary>
/// Reads every shard of the quote stream and publishes each valid <c>quote.v1</c> record as
/// <see cref="QuoteReceived"/>, waiting for the broker's confirmation before reading further.
/// </summary>
internal sealed partial class StreamBridge(
    KinesisClient kinesis,
    IBus bus,
    IOptions<AwsResources> resources,
    IOptions<BridgeOptions> options,
    ILogger<StreamBridge> logger) : BackgroundService
{
    private readonly string streamName = resources.Value.QuoteStream;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shards = await kinesis.ListShardsAsync(streamName, stoppingToken);
        LogStarting(shards.Count, streamName);
        await Task.WhenAll(shards.Select(s => ReadShardAsync(s.ShardId, stoppingToken)));
    }

    private async Task ReadShardAsync(string shardId, CancellationToken cancellationToken)
    {
        string? iterator = null;
        string? lastSequence = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                iterator ??= lastSequence is null
                    ? await kinesis.GetShardIteratorAsync(streamName, shardId, ShardIteratorType.TrimHorizon, null, cancellationToken)
                    : await kinesis.GetShardIteratorAsync(streamName, shardId, ShardIteratorType.AfterSequenceNumber, lastSequence, cancellationToken);

                var result = await kinesis.GetRecordsAsync(iterator, options.Value.GetRecordsLimit, cancellationToken);
                await PublishAsync(shardId, result.Records, cancellationToken);
                if (result.Records.Count > 0)
                {
                    lastSequence = result.Records[^1].SequenceNumber;
                }

                iterator = result.NextShardIterator;
                if (iterator is null)
                {
                    LogShardEnded(shardId);
                    return;
                }

                if (result.Records.Count == 0)
                {
                    await Task.Delay(options.Value.IdlePollInterval, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Start again after the last published record; nothing is skipped.
                LogReadFailed(ex, shardId);
                iterator = null;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private async Task PublishAsync(string shardId, IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken)
    {
        var publishes = new List<Task>(records.Count);
        foreach (var record in records)
        {
            if (!QuoteRecordSerializer.TryDeserialize(record.Data.Span, out var quote, out var error))
            {
                LogInvalidRecord(shardId, record.SequenceNumber, error);
                continue;
            }

            var message = new QuoteReceived(quote, streamName, shardId, record.SequenceNumber, record.ApproximateArrivalTimestamp);
            var id = QuoteMessageId.For(streamName, shardId, record.SequenceNumber);
            publishes.Add(bus.Publish(message, context => context.MessageId = id, cancellationToken));
        }

        // Publish tasks complete when the broker confirms; read on only when all are confirmed.
        await Task.WhenAll(publishes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {Count} shards of {Stream}")]
    private partial void LogStarting(int count, string stream);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {ShardId} is closed and fully read")]
    private partial void LogShardEnded(string shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading shard {ShardId} failed; resuming after the last published record")]
    private partial void LogReadFailed(Exception exception, string shardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping invalid record {SequenceNumber} of shard {ShardId}: {Reason}")]
    private partial void LogInvalidRecord(string shardId, string sequenceNumber, string reason);
}
