using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Aws.Tests.Dynamo;

/// <summary>The batching and retries of <see cref="DynamoBatches"/> on a scripted client and a fake clock.</summary>
public class DynamoBatchesTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WriteAsync_sends_25_writes_per_call_with_tables_mixed()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        var written = new List<string>();
        script.OnWrite = request =>
        {
            written.AddRange(request.RequestItems.SelectMany(t => t.Value.Select(w => $"{t.Key}/{w.PutRequest.Item["id"].S}")));
            return new BatchWriteItemResponse();
        };
        var writes = Enumerable.Range(0, 60).Select(i => Put(i % 2 == 0 ? "a" : "b", i)).ToList();

        await new DynamoBatches(client, time).WriteAsync(writes, callsInFlight: 1, CancellationToken.None);

        Assert.Equal([25, 25, 10], script.CallSizes);
        Assert.Equal(writes.Select(w => $"{w.Table}/{w.Request.PutRequest.Item["id"].S}").Order(), written.Order());
    }

    [Fact]
    public async Task WriteAsync_with_nothing_to_write_makes_no_call()
    {
        var (client, script) = ScriptedDynamoDb.Create();

        await new DynamoBatches(client, time).WriteAsync([], callsInFlight: 4, CancellationToken.None);

        Assert.Equal(0, script.Calls);
    }

    [Fact]
    public async Task WriteAsync_sends_unprocessed_items_again_until_all_are_written()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        var written = new List<string>();
        // A throttled table: each call processes at most 10 writes and hands the rest back.
        script.OnWrite = request =>
        {
            var all = request.RequestItems.SelectMany(t => t.Value.Select(w => (t.Key, w))).ToList();
            written.AddRange(all.Take(10).Select(p => p.w.PutRequest.Item["id"].S));
            return new BatchWriteItemResponse
            {
                UnprocessedItems = all.Skip(10).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.w).ToList()),
            };
        };
        var writes = Enumerable.Range(0, 100).Select(i => Put(i % 3 == 0 ? "a" : "b", i)).ToList();

        await DriveClockAsync(new DynamoBatches(client, time).WriteAsync(writes, callsInFlight: 4, CancellationToken.None));

        Assert.Equal(Enumerable.Range(0, 100).Select(Id).Order(), written.Order());
        Assert.Equal(4 * 3, script.Calls); // each call of 25 goes 25, 15, 5
    }

    [Fact]
    public async Task WriteAsync_waits_between_retries_on_the_injected_clock()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        script.OnWrite = request => script.Calls == 1
            ? new BatchWriteItemResponse { UnprocessedItems = request.RequestItems }
            : new BatchWriteItemResponse();

        var write = new DynamoBatches(client, time).WriteAsync([Put("a", 1)], callsInFlight: 1, CancellationToken.None);
        await WaitUntilAsync(() => script.Calls == 1);
        // Far longer than any real back-off from the first delay: the retry waits for the fake clock to move.
        await Task.WhenAny(write, Task.Delay(TimeSpan.FromMilliseconds(300)));
        var callsBeforeTheClockMoved = script.Calls;
        time.Advance(DynamoBatches.MaxRetryDelay);
        await write.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, callsBeforeTheClockMoved);
        Assert.Equal(2, script.Calls);
    }

    [Fact]
    public async Task WriteAsync_gives_up_after_the_last_retry_naming_what_is_left()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        script.OnWrite = request => new BatchWriteItemResponse { UnprocessedItems = request.RequestItems };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DriveClockAsync(new DynamoBatches(client, time).WriteAsync([Put("a", 1), Put("a", 2)], callsInFlight: 1, CancellationToken.None)));

        Assert.Equal(DynamoBatches.MaxRetries + 1, script.Calls);
        Assert.Contains("2 writes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_retries_a_throttled_call()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        script.OnWrite = _ => script.Calls == 1 ? throw new ProvisionedThroughputExceededException("slow down") : new BatchWriteItemResponse();

        await DriveClockAsync(new DynamoBatches(client, time).WriteAsync([Put("a", 1)], callsInFlight: 1, CancellationToken.None));

        Assert.Equal(2, script.Calls);
    }

    [Fact]
    public async Task WriteAsync_does_not_retry_an_invalid_request()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        script.OnWrite = _ => throw new AmazonDynamoDBException("bad item") { ErrorCode = "ValidationException" };

        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => new DynamoBatches(client, time).WriteAsync([Put("a", 1)], callsInFlight: 1, CancellationToken.None));

        Assert.Equal(1, script.Calls);
    }

    [Fact]
    public async Task GetAsync_reads_100_keys_per_call()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        script.OnGet = request => new BatchGetItemResponse { Responses = new() { ["t"] = request.RequestItems["t"].Keys } };

        var items = await new DynamoBatches(client, time).GetAsync("t", Keys(250), consistentRead: true, CancellationToken.None);

        Assert.Equal([100, 100, 50], script.CallSizes);
        Assert.Equal(Enumerable.Range(0, 250).Select(Id).Order(), items.Select(i => i["id"].S).Order());
    }

    [Fact]
    public async Task GetAsync_asks_again_for_unprocessed_keys_until_all_are_read()
    {
        var (client, script) = ScriptedDynamoDb.Create();
        var consistent = new List<bool>();
        // Each call reads at most 30 keys and hands the rest back.
        script.OnGet = request =>
        {
            var keys = request.RequestItems["t"];
            consistent.Add(keys.ConsistentRead == true);
            return new BatchGetItemResponse
            {
                Responses = new() { ["t"] = keys.Keys.Take(30).ToList() },
                UnprocessedKeys = keys.Keys.Count > 30 ? new() { ["t"] = new KeysAndAttributes { ConsistentRead = keys.ConsistentRead, Keys = keys.Keys.Skip(30).ToList() } } : [],
            };
        };

        var items = await DriveClockAsync(new DynamoBatches(client, time).GetAsync("t", Keys(150), consistentRead: true, CancellationToken.None));

        Assert.Equal([100, 70, 40, 10, 50, 20], script.CallSizes);
        Assert.Equal(Enumerable.Range(0, 150).Select(Id).Order(), items.Select(i => i["id"].S).Order());
        Assert.All(consistent, Assert.True);
    }

    private static string Id(int i) => $"item-{i:D4}";

    private static (string Table, WriteRequest Request) Put(string table, int i) =>
        (table, new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue> { ["id"] = new(Id(i)) })));

    private static IEnumerable<Dictionary<string, AttributeValue>> Keys(int count) =>
        Enumerable.Range(0, count).Select(i => new Dictionary<string, AttributeValue> { ["id"] = new(Id(i)) });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(5);
        }
    }

    /// <summary>Moves the fake clock on by the longest back-off until <paramref name="task"/> ends (10 s of real time at most).</summary>
    private async Task DriveClockAsync(Task task)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (!task.IsCompleted)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The batch did not finish within 10 s of real time.");
            time.Advance(DynamoBatches.MaxRetryDelay);
            await Task.WhenAny(task, Task.Delay(5));
        }

        await task;
    }

    private async Task<T> DriveClockAsync<T>(Task<T> task)
    {
        await DriveClockAsync((Task)task);
        return await task;
    }
}
