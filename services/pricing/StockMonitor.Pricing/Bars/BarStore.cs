using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Pricing.Storage;

namespace StockMonitor.Pricing.Bars;

/// <summary>
/// The bars table (<c>stockmonitor-quote-bars</c>: <c>series</c> = <c>SYMBOL#1m</c>/<c>SYMBOL#1h</c>, <c>bucket</c> = bucket start,
/// ISO-8601 UTC; and the ticks themselves under <c>SYMBOL#ticks#day</c>). Ticks are immutable items; every bar write
/// is conditional on something that only grows (a count, a volume point), so concurrent writers converge on the
/// bars of the set of ticks received, whatever the order.
/// </summary>
public sealed class BarStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private const string SummaryProjection =
        "series, #bucket, #open, high, low, #close, volume, #count, firstKey, firstAt, lastKey, lastAt, fvKey, fvP, fvV, lvKey, lvP, lvV, dv, pv, crossIn, crossFrom, version";

    private static readonly Dictionary<string, string> ProjectionNames = new() { ["#open"] = "open", ["#close"] = "close", ["#count"] = "count", ["#bucket"] = "bucket" };

    private readonly string table = resources.Value.QuoteBarsTable;

    public async Task<BarRecord?> GetAsync(string symbol, BarInterval interval, DateTimeOffset bucket, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = table,
            Key = Key(interval.Series(symbol), bucket),
            ConsistentRead = true,
            ProjectionExpression = SummaryProjection,
            ExpressionAttributeNames = ProjectionNames,
        };

        var response = await dynamoDb.GetItemAsync(request, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(symbol, interval, item) : null;
    }

    /// <summary>Bars with buckets in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public async Task<IReadOnlyList<BarRecord>> RangeAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, int? limit = null)
    {
        var bars = new List<BarRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(
                new QueryRequest
                {
                    TableName = table,
                    KeyConditionExpression = "series = :series AND #bucket BETWEEN :from AND :to",
                    ExpressionAttributeValues = new()
                    {
                        [":series"] = new(interval.Series(symbol)),
                        [":from"] = new(BucketText(from)),
                        [":to"] = new(BucketText(to.AddTicks(-1))),
                    },
                    ProjectionExpression = SummaryProjection,
                    ExpressionAttributeNames = ProjectionNames,
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                    Limit = limit,
                },
                cancellationToken);
            bars.AddRange(page.Items.Select(i => FromItem(symbol, interval, i)));
            start = page.LastEvaluatedKey is { Count: > 0 } key && (limit is null || bars.Count < limit) ? key : null;
        }
        while (start is not null);

        return bars;
    }

    /// <summary>The nearest bar before (<paramref name="forward"/> false) or after <paramref name="bucket"/> within [from, to).</summary>
    public async Task<BarRecord?> NeighbourAsync(string symbol, BarInterval interval, DateTimeOffset bucket, bool forward, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (low, high) = forward ? (bucket + interval.Length, to) : (from, bucket);
        if (low >= high)
        {
            return null;
        }

        var response = await dynamoDb.QueryAsync(
            new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "series = :series AND #bucket BETWEEN :from AND :to",
                ExpressionAttributeValues = new()
                {
                    [":series"] = new(interval.Series(symbol)),
                    [":from"] = new(BucketText(low)),
                    [":to"] = new(BucketText(high.AddTicks(-1))),
                },
                ProjectionExpression = SummaryProjection,
                ExpressionAttributeNames = ProjectionNames,
                ScanIndexForward = forward,
                ConsistentRead = true,
                Limit = 1,
            },
            cancellationToken);
        return response.Items is [var item, ..] ? FromItem(symbol, interval, item) : null;
    }

    /// <summary>
    /// Stores ticks as items of their own (<c>series</c> = <c>SYMBOL#ticks#yyyy-MM-dd</c>, UTC day; <c>bucket</c> = the tick's
    /// order key). A tick item never changes once written, so these are plain batched puts: a redelivered tick
    /// rewrites the same item, and no write can lose another's tick.
    /// </summary>
    public async Task PutTicksAsync(IEnumerable<(string Symbol, Tick Tick)> ticks, CancellationToken cancellationToken)
    {
        var requests = ticks.DistinctBy(t => t.Tick.Id).Select(t => new WriteRequest(new PutRequest(TickItem(t.Symbol, t.Tick)))).ToList();
        await Parallel.ForEachAsync(
            requests.Chunk(25),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                var pending = new Dictionary<string, List<WriteRequest>> { [table] = [.. chunk] };
                for (var attempt = 1; ; attempt++)
                {
                    var answer = await dynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, token);
                    if (answer.UnprocessedItems is not { Count: > 0 } unprocessed)
                    {
                        return;
                    }

                    // Throttled: retry what was not written, backing off with jitter.
                    pending = unprocessed;
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 20 * Math.Pow(2, Math.Min(attempt, 7))) * (0.5 + Random.Shared.NextDouble())), token);
                }
            });
    }

    /// <summary>The ticks of <paramref name="symbol"/> observed in [<paramref name="from"/>, <paramref name="to"/>) within one UTC day, in order.</summary>
    public async Task<IReadOnlyList<Tick>> TicksAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ticks = new List<Tick>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(
                new QueryRequest
                {
                    TableName = table,
                    KeyConditionExpression = "series = :series AND #bucket BETWEEN :from AND :to",
                    ExpressionAttributeNames = new() { ["#bucket"] = "bucket" },
                    ExpressionAttributeValues = new()
                    {
                        [":series"] = new(TickSeries(symbol, from)),
                        [":from"] = new(DynamoTime.ToAttribute(from)),
                        // Order keys are "time|shard|sequence": every key of a tick before `to` sorts below `to` itself.
                        [":to"] = new(DynamoTime.ToAttribute(to)),
                    },
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            ticks.AddRange(page.Items.Select(TickFrom));
            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return ticks;
    }

    /// <summary>The last tick observed at or before <paramref name="instant"/>, looking back day by day to <paramref name="notBefore"/>.</summary>
    public async Task<Tick?> LastTickAtOrBeforeAsync(string symbol, DateTimeOffset instant, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        // Order keys are "time|shardId-…|sequence": '~' sorts above every shard id, so this bound is above every tick at `instant`.
        var upper = DynamoTime.ToAttribute(instant) + "|~";
        for (var day = instant.UtcDateTime.Date; day >= notBefore.UtcDateTime.Date; day = day.AddDays(-1))
        {
            var page = await dynamoDb.QueryAsync(
                new QueryRequest
                {
                    TableName = table,
                    KeyConditionExpression = "series = :series AND #bucket <= :to",
                    ExpressionAttributeNames = new() { ["#bucket"] = "bucket" },
                    ExpressionAttributeValues = new() { [":series"] = new(TickSeries(symbol, new DateTimeOffset(day, TimeSpan.Zero))), [":to"] = new(upper) },
                    ScanIndexForward = false,
                    Limit = 1,
                    ConsistentRead = true,
                },
                cancellationToken);
            if (page.Items is [var item, ..])
            {
                var tick = TickFrom(item);
                return tick.ObservedAt >= notBefore ? tick : null;
            }
        }

        return null;
    }

    public static string TickSeries(string symbol, DateTimeOffset at) =>
        $"{symbol}#ticks#{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Writes the summary of a bar computed from its ticks (a minute) or its minutes (an hour), unless the stored
    /// one was computed from more ticks (a later read). Its cross-in volume is kept, and its volume follows.
    /// </summary>
    public Task<bool> TryPutSummaryAsync(BarRecord bar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bar);
        var item = ToItem(bar);
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue> { [":count"] = item["count"], [":zero"] = Number(0), [":empty"] = new("") };
        var sets = new List<string>();
        var removes = new List<string>();
        foreach (var attribute in SummaryAttributes)
        {
            names["#" + attribute] = attribute;
            if (item.TryGetValue(attribute, out var value))
            {
                sets.Add($"#{attribute} = :{attribute}");
                values[":" + attribute] = value;
            }
            else
            {
                removes.Add("#" + attribute);
            }
        }

        sets.Add("crossIn = if_not_exists(crossIn, :zero)");
        if (bar.HasVolume)
        {
            sets.Add("volume = if_not_exists(crossIn, :zero) + :dv");
        }
        else
        {
            removes.Add("volume");
        }

        sets.Add("crossFrom = if_not_exists(crossFrom, :empty)");
        sets.Add("version = if_not_exists(version, :zero) + :one");
        values[":one"] = Number(1);
        var update = "SET " + string.Join(", ", sets) + (removes.Count > 0 ? " REMOVE " + string.Join(", ", removes) : "");
        return ConditionallyAsync(() => dynamoDb.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = Key(bar.Interval.Series(bar.Symbol), bar.Bucket),
                UpdateExpression = update,
                ConditionExpression = "attribute_not_exists(#count) OR #count <= :count",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
            cancellationToken));
    }

    /// <summary>
    /// Sets the volume a bar gets from its predecessor's last volume point. <paramref name="from"/> names that
    /// point (bucket and tick order key); it only grows as ticks arrive, so a write computed from an older
    /// read loses. Also requires the bar's own first volume point to be the one the value was computed for.
    /// </summary>
    public Task<bool> TrySetCrossInAsync(BarRecord bar, decimal crossIn, string from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bar);
        return ConditionallyAsync(() => dynamoDb.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = Key(bar.Interval.Series(bar.Symbol), bar.Bucket),
                UpdateExpression = "SET crossIn = :crossIn, crossFrom = :from, volume = dv + :crossIn, version = version + :one",
                ConditionExpression = "(attribute_not_exists(crossFrom) OR crossFrom <= :from) AND fvKey = :fvKey",
                ExpressionAttributeValues = new()
                {
                    [":crossIn"] = Number(crossIn),
                    [":from"] = new(from),
                    [":one"] = Number(1),
                    [":fvKey"] = new(bar.Segment.FirstVolume!.OrderKey),
                },
            },
            cancellationToken));
    }

    public static string BucketText(DateTimeOffset bucket) => bucket.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static readonly string[] SummaryAttributes =
        ["open", "high", "low", "close", "count", "firstKey", "firstAt", "lastKey", "lastAt", "fvKey", "fvP", "fvV", "lvKey", "lvP", "lvV", "dv", "pv", "expiresAt"];

    private static Tick TickFrom(Dictionary<string, AttributeValue> item) =>
        new(item["i"].S, DynamoTime.Parse(item["t"].S), Decimal(item["p"]), item.TryGetValue("v", out var v) ? Decimal(v) : null, item["bucket"].S);

    /// <summary>A tick as its item (immutable: a redelivery rewrites the same item).</summary>
    internal static Dictionary<string, AttributeValue> TickItem(string symbol, Tick tick)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["series"] = new(TickSeries(symbol, tick.ObservedAt)),
            ["bucket"] = new(tick.OrderKey),
            ["i"] = new(tick.Id),
            ["t"] = new(DynamoTime.ToAttribute(tick.ObservedAt)),
            ["p"] = Number(tick.Price),
            ["expiresAt"] = Number((BarInterval.Minute.BucketOf(tick.ObservedAt) + BarInterval.Minute.Retention).ToUnixTimeSeconds()),
        };
        if (tick.Volume is { } v)
        {
            item["v"] = Number(v);
        }

        return item;
    }

    private static Dictionary<string, AttributeValue> Key(string series, DateTimeOffset bucket) =>
        new() { ["series"] = new(series), ["bucket"] = new(BucketText(bucket)) };

    /// <summary>A bar as its whole item.</summary>
    internal static Dictionary<string, AttributeValue> ToItem(BarRecord bar)
    {
        var s = bar.Segment;
        var item = Key(bar.Interval.Series(bar.Symbol), bar.Bucket);
        item["open"] = Number(s.Open);
        item["high"] = Number(s.High);
        item["low"] = Number(s.Low);
        item["close"] = Number(s.Close);
        item["count"] = Number(s.Count);
        item["firstKey"] = new(s.FirstKey);
        item["firstAt"] = new(DynamoTime.ToAttribute(s.FirstAt));
        item["lastKey"] = new(s.LastKey);
        item["lastAt"] = new(DynamoTime.ToAttribute(s.LastAt));
        if (s.FirstVolume is { } fv)
        {
            item["fvKey"] = new(fv.OrderKey);
            item["fvP"] = Number(fv.Price);
            item["fvV"] = Number(fv.Volume);
        }

        if (s.LastVolume is { } lv)
        {
            item["lvKey"] = new(lv.OrderKey);
            item["lvP"] = Number(lv.Price);
            item["lvV"] = Number(lv.Volume);
        }

        item["dv"] = Number(s.DeltaVolume);
        item["pv"] = Number(s.PriceVolume);
        item["crossIn"] = Number(bar.CrossIn);
        item["crossFrom"] = new(bar.CrossFrom);
        if (bar.HasVolume)
        {
            item["volume"] = Number(bar.Volume);
        }

        item["version"] = Number(bar.Version);
        item["expiresAt"] = Number((bar.Bucket + bar.Interval.Retention).ToUnixTimeSeconds());
        return item;
    }

    private static BarRecord FromItem(string symbol, BarInterval interval, Dictionary<string, AttributeValue> item)
    {
        VolumePoint? Point(string prefix) => item.TryGetValue(prefix + "Key", out var key)
            ? new VolumePoint(key.S, Decimal(item[prefix + "P"]), Decimal(item[prefix + "V"]))
            : null;

        var segment = new Segment(
            int.Parse(item["count"].N, CultureInfo.InvariantCulture),
            item["firstKey"].S,
            DynamoTime.Parse(item["firstAt"].S),
            Decimal(item["open"]),
            item["lastKey"].S,
            DynamoTime.Parse(item["lastAt"].S),
            Decimal(item["close"]),
            Decimal(item["high"]),
            Decimal(item["low"]),
            Point("fv"),
            Point("lv"),
            Decimal(item["dv"]),
            Decimal(item["pv"]));
        return new BarRecord(
            symbol,
            interval,
            DateTimeOffset.Parse(item["bucket"].S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            segment,
            item.TryGetValue("crossIn", out var crossIn) ? Decimal(crossIn) : 0m,
            item.TryGetValue("crossFrom", out var crossFrom) ? crossFrom.S : "",
            item.TryGetValue("version", out var version) ? long.Parse(version.N, CultureInfo.InvariantCulture) : 0);
    }

    private static decimal Decimal(AttributeValue value) => decimal.Parse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static AttributeValue Number(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static async Task<bool> ConditionallyAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
