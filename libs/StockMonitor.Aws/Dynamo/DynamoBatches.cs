using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Polly;
using Polly.Retry;

namespace StockMonitor.Aws.Dynamo;

/// <summary>
/// BatchWriteItem and BatchGetItem in calls of the most DynamoDB takes (25 writes, 100 keys). Unprocessed items and
/// keys (what DynamoDB leaves out when throttled) and throttled calls are sent again through a Polly retry on the
/// injected clock: exponential back-off with jitter from <see cref="FirstRetryDelay"/> up to <see cref="MaxRetryDelay"/>,
/// at most <see cref="MaxRetries"/> times per call; after that the call fails.
/// </summary>
public sealed class DynamoBatches(IAmazonDynamoDB dynamoDb, TimeProvider time)
{
    public const int WritesPerCall = 25;
    public const int KeysPerCall = 100;
    public const int MaxRetries = 10;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Repeats a call while it answers false (something left unprocessed) or is throttled.</summary>
    private readonly ResiliencePipeline<bool> untilDone = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions<bool>
        {
            ShouldHandle = new PredicateBuilder<bool>().HandleResult(false).Handle<AmazonServiceException>(IsThrottling),
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstRetryDelay,
            MaxDelay = MaxRetryDelay,
        })
        .Build();

    /// <summary>
    /// Writes <paramref name="writes"/> (tables may be mixed) in calls of <see cref="WritesPerCall"/>, up to
    /// <paramref name="callsInFlight"/> at a time, each call until all of its writes are processed.
    /// </summary>
    public Task WriteAsync(IEnumerable<(string Table, WriteRequest Request)> writes, int callsInFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return Parallel.ForEachAsync(
            writes.Chunk(WritesPerCall),
            new ParallelOptions { MaxDegreeOfParallelism = callsInFlight, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                var pending = chunk
                    .GroupBy(w => w.Table, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(w => w.Request).ToList(), StringComparer.Ordinal);
                await RepeatUntilDoneAsync(
                    async attemptToken =>
                    {
                        var answer = await dynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, attemptToken).ConfigureAwait(false);
                        pending = answer.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
                        return pending.Count == 0;
                    },
                    () => $"{pending.Values.Sum(w => w.Count)} writes of a BatchWriteItem",
                    token).ConfigureAwait(false);
            });
    }

    /// <summary>
    /// The items of <paramref name="keys"/> in <paramref name="table"/> (keys without an item are absent), read in calls
    /// of <see cref="KeysPerCall"/> one after the other. The keys must be distinct (DynamoDB refuses a call that repeats one).
    /// </summary>
    public async Task<List<Dictionary<string, AttributeValue>>> GetAsync(
        string table, IEnumerable<Dictionary<string, AttributeValue>> keys, bool consistentRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var items = new List<Dictionary<string, AttributeValue>>();
        foreach (var chunk in keys.Chunk(KeysPerCall))
        {
            var pending = new Dictionary<string, KeysAndAttributes> { [table] = new() { ConsistentRead = consistentRead, Keys = [.. chunk] } };
            await RepeatUntilDoneAsync(
                async attemptToken =>
                {
                    var answer = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, attemptToken).ConfigureAwait(false);
                    if (answer.Responses?.TryGetValue(table, out var found) == true)
                    {
                        items.AddRange(found);
                    }

                    pending = answer.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
                    return pending.Count == 0;
                },
                () => $"{pending.Values.Sum(k => k.Keys.Count)} keys of a BatchGetItem",
                cancellationToken).ConfigureAwait(false);
        }

        return items;
    }

    private static bool IsThrottling(AmazonServiceException exception) =>
        exception is ProvisionedThroughputExceededException or RequestLimitExceededException
        || exception.ErrorCode is "ProvisionedThroughputExceededException" or "RequestLimitExceeded" or "ThrottlingException";

    private async Task RepeatUntilDoneAsync(Func<CancellationToken, ValueTask<bool>> attempt, Func<string> left, CancellationToken cancellationToken)
    {
        if (!await untilDone.ExecuteAsync(attempt, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{left()} were still unprocessed after {MaxRetries} retries.");
        }
    }
}
