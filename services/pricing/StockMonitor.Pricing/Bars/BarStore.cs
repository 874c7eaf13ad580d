using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Pricing.Bars;

/// <summary>
/// The bars table (<c>stockmonitor-quote-bars</c>: <c>series</c> = <c>SYMBOL#1m</c>/<c>SYMBOL#1h</c>, <c>bucket</c> = bucket start,
/// ISO-8601 UTC; a minute's item also holds its ticks, see <see cref="TickCodec"/>). Every conditional bar write
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
        var request = new QueryRequest
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
            Limit = limit,
        };
        var items = dynamoDb.QueryItemsAsync(request, cancellationToken);
        return await (limit is { } most ? items.Take(most) : items)
            .Select(i => FromItem(symbol, interval, i))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The ticks a minute's bar was computed from (its <c>ticks</c> attribute); empty when there is no such bar.</summary>
    public async Task<List<Tick>> TicksAsync(string symbol, DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = table, Key = Key(BarInterval.Minute.Series(symbol), minute), ConsistentRead = true, ProjectionExpression = "ticks" },
            cancellationToken);
        return response.Item is { Count: > 0 } item && item.TryGetValue("ticks", out var ticks) && ticks.B is { } blob ? TickCodec.Decode(blob) : [];
    }

    /// <summary>
    /// The last tick observed at or before <paramref name="instant"/>, across gaps back to <paramref name="notBefore"/>:
    /// from the newest minute bar starting at or before it — its close when all its ticks are at or before the instant,
    /// else from its ticks — or the one before.
    /// </summary>
    public async Task<Tick?> LastTickAtOrBeforeAsync(string symbol, DateTimeOffset instant, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.QueryAsync(
            new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "series = :series AND #bucket BETWEEN :from AND :to",
                ExpressionAttributeNames = new() { ["#bucket"] = "bucket" },
                ExpressionAttributeValues = new()
                {
                    [":series"] = new(BarInterval.Minute.Series(symbol)),
                    [":from"] = new(BucketText(BarInterval.Minute.BucketOf(notBefore))),
                    [":to"] = new(BucketText(BarInterval.Minute.BucketOf(instant))),
                },
                ScanIndexForward = false,
                Limit = 2,
                ConsistentRead = true,
            },
            cancellationToken);
        foreach (var item in response.Items)
        {
            var ticks = item.TryGetValue("ticks", out var blob) && blob.B is { } b ? TickCodec.Decode(b) : [];
            if (ticks.Where(t => t.ObservedAt <= instant).MaxBy(t => t.OrderKey, StringComparer.Ordinal) is { } tick)
            {
                return tick.ObservedAt >= notBefore ? tick : null;
            }
        }

        return null;
    }

    public static string BucketText(DateTimeOffset bucket) => bucket.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> Key(string series, DateTimeOffset bucket) =>
        new() { ["series"] = new(series), ["bucket"] = new(BucketText(bucket)) };

    /// <summary>A bar as its whole item; a minute's with the ticks it was computed from.</summary>
    internal static Dictionary<string, AttributeValue> ToItem(BarRecord bar, IEnumerable<Tick>? ticks = null)
    {
        var s = bar.Segment;
        var item = Key(bar.Interval.Series(bar.Symbol), bar.Bucket);
        item["open"] = DynamoNumber.Of(s.Open);
        item["high"] = DynamoNumber.Of(s.High);
        item["low"] = DynamoNumber.Of(s.Low);
        item["close"] = DynamoNumber.Of(s.Close);
        item["count"] = DynamoNumber.Of(s.Count);
        item["firstKey"] = new(s.FirstKey);
        item["firstAt"] = DynamoTime.Of(s.FirstAt);
        item["lastKey"] = new(s.LastKey);
        item["lastAt"] = DynamoTime.Of(s.LastAt);
        if (s.FirstVolume is { } fv)
        {
            item["fvKey"] = new(fv.OrderKey);
            item["fvP"] = DynamoNumber.Of(fv.Price);
            item["fvV"] = DynamoNumber.Of(fv.Volume);
        }

        if (s.LastVolume is { } lv)
        {
            item["lvKey"] = new(lv.OrderKey);
            item["lvP"] = DynamoNumber.Of(lv.Price);
            item["lvV"] = DynamoNumber.Of(lv.Volume);
        }

        item["dv"] = DynamoNumber.Of(s.DeltaVolume);
        item["pv"] = DynamoNumber.Of(s.PriceVolume);
        item["crossIn"] = DynamoNumber.Of(bar.CrossIn);
        item["crossFrom"] = new(bar.CrossFrom);
        if (bar.HasVolume)
        {
            item["volume"] = DynamoNumber.Of(bar.Volume);
        }

        item["version"] = DynamoNumber.Of(bar.Version);
        if (ticks is not null)
        {
            item["ticks"] = new AttributeValue { B = TickCodec.Encode(ticks) };
        }

        item["expiresAt"] = DynamoNumber.Of((bar.Bucket + bar.Interval.Retention).ToUnixTimeSeconds());
        return item;
    }

    private static BarRecord FromItem(string symbol, BarInterval interval, Dictionary<string, AttributeValue> item)
    {
        VolumePoint? Point(string prefix) => item.TryGetValue(prefix + "Key", out var key)
            ? new VolumePoint(key.S, DynamoNumber.Parse(item[prefix + "P"]), DynamoNumber.Parse(item[prefix + "V"]))
            : null;

        var segment = new Segment(
            DynamoNumber.ParseInt32(item["count"]),
            item["firstKey"].S,
            DynamoTime.Parse(item["firstAt"].S),
            DynamoNumber.Parse(item["open"]),
            item["lastKey"].S,
            DynamoTime.Parse(item["lastAt"].S),
            DynamoNumber.Parse(item["close"]),
            DynamoNumber.Parse(item["high"]),
            DynamoNumber.Parse(item["low"]),
            Point("fv"),
            Point("lv"),
            DynamoNumber.Parse(item["dv"]),
            DynamoNumber.Parse(item["pv"]));
        return new BarRecord(
            symbol,
            interval,
            DynamoTime.Parse(item["bucket"].S),
            segment,
            item.TryGetValue("crossIn", out var crossIn) ? DynamoNumber.Parse(crossIn) : 0m,
            item.TryGetValue("crossFrom", out var crossFrom) ? crossFrom.S : "",
            item.TryGetValue("version", out var version) ? DynamoNumber.ParseInt64(version) : 0);
    }
}
