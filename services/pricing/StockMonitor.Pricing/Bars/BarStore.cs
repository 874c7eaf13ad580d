using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Pricing.Storage;

namespace StockMonitor.Pricing.Bars;

/// <summary>
/// The bars table (<c>stockmonitor-quote-bars</c>: <c>series</c> = <c>SYMBOL#1m</c>/<c>SYMBOL#1h</c>, <c>bucket</c> = bucket start,
/// ISO-8601 UTC). Every write is conditional (a version, a count or a volume point that only grows), so
/// concurrent writers converge on the bars of the set of ticks received, whatever the order.
/// </summary>
public sealed class BarStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private const string SummaryProjection =
        "series, #bucket, #open, high, low, #close, volume, #count, firstKey, firstAt, lastKey, lastAt, fvKey, fvP, fvV, lvKey, lvP, lvV, dv, pv, crossIn, crossFrom, version";

    private static readonly Dictionary<string, string> ProjectionNames = new() { ["#open"] = "open", ["#close"] = "close", ["#count"] = "count", ["#bucket"] = "bucket" };

    private readonly string table = resources.Value.QuoteBarsTable;

    public async Task<BarRecord?> GetAsync(string symbol, BarInterval interval, DateTimeOffset bucket, bool withTicks, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = table,
            Key = Key(interval.Series(symbol), bucket),
            ConsistentRead = true,
        };
        if (!withTicks)
        {
            request.ProjectionExpression = SummaryProjection;
            request.ExpressionAttributeNames = ProjectionNames;
        }

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

    /// <summary>Writes a 1-minute bar read at <paramref name="expectedVersion"/> (null: not there yet); false when someone wrote it since.</summary>
    public async Task<bool> TryPutMinuteAsync(BarRecord bar, long? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bar);
        var request = new PutItemRequest { TableName = table, Item = ToItem(bar) };
        if (expectedVersion is { } version)
        {
            request.ConditionExpression = "version = :version";
            request.ExpressionAttributeValues = new() { [":version"] = Number(version) };
        }
        else
        {
            request.ConditionExpression = "attribute_not_exists(series)";
        }

        return await ConditionallyAsync(() => dynamoDb.PutItemAsync(request, cancellationToken));
    }

    /// <summary>
    /// Writes the summary of an hour computed from its minutes, unless the stored one was computed from more
    /// ticks (a later read). Its cross-in volume is left as it is.
    /// </summary>
    public Task<bool> TryPutHourAsync(BarRecord bar, CancellationToken cancellationToken)
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
        sets.Add("crossFrom = if_not_exists(crossFrom, :empty)");
        sets.Add("version = if_not_exists(version, :zero) + :one");
        values[":one"] = Number(1);
        var update = "SET " + string.Join(", ", sets) + (removes.Count > 0 ? " REMOVE " + string.Join(", ", removes) : "");
        // volume = dv + crossIn needs the stored crossIn: written by TrySetCrossInAsync, which runs after.
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

    private static Dictionary<string, AttributeValue> Key(string series, DateTimeOffset bucket) =>
        new() { ["series"] = new(series), ["bucket"] = new(BucketText(bucket)) };

    private static Dictionary<string, AttributeValue> ToItem(BarRecord bar)
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
        if (bar.Ticks is { } ticks)
        {
            item["ticks"] = new AttributeValue
            {
                L = ticks.Select(t =>
                {
                    var m = new Dictionary<string, AttributeValue> { ["i"] = new(t.Id), ["k"] = new(t.OrderKey), ["t"] = new(DynamoTime.ToAttribute(t.ObservedAt)), ["p"] = Number(t.Price) };
                    if (t.Volume is { } v)
                    {
                        m["v"] = Number(v);
                    }

                    return new AttributeValue { M = m };
                }).ToList(),
            };
        }

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
        var ticks = item.TryGetValue("ticks", out var list) && list.L is { } entries
            ? entries.Select(e => new Tick(e.M["i"].S, DynamoTime.Parse(e.M["t"].S), Decimal(e.M["p"]), e.M.TryGetValue("v", out var v) ? Decimal(v) : null, e.M["k"].S)).ToList()
            : null;
        return new BarRecord(
            symbol,
            interval,
            DateTimeOffset.Parse(item["bucket"].S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            segment,
            item.TryGetValue("crossIn", out var crossIn) ? Decimal(crossIn) : 0m,
            item.TryGetValue("crossFrom", out var crossFrom) ? crossFrom.S : "",
            ticks,
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
