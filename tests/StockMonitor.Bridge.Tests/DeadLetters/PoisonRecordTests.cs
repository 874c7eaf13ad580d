using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using StockMonitor.Bridge.DeadLetters;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests.DeadLetters;

public class PoisonRecordTests
{
    private const string Fields = "\"symbol\":\"AAPL\",\"price\":190.5,\"observedAt\":\"2026-11-27T15:31:07Z\",\"source\":\"test\"";

    [Fact]
    public async Task Poison_records_are_dead_lettered_with_their_exact_bytes_while_the_good_ones_around_them_are_published_in_order()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var observer = await OrderedQuoteObserver.StartAsync(infra.Servers.RabbitMq, prefix);
        var records = Interleave(GoodRecords(), PoisonRecords());
        var put = await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, records.Select(r => new PutRecordsEntry(r.Data, r.PartitionKey)).ToList());
        Assert.Equal(0, put.FailedRecordCount);
        var arrivals = await ArrivalsAsync(infra.Kinesis, resources.QuoteStream, records.Count);
        var good = records.Where(r => r.Quote is not null).ToList();
        var poison = records.Select((r, i) => (Record: r, Put: put.Records[i])).Where(p => p.Record.Quote is null).ToList();

        await using var bridge = HostedBridge.Start(infra, resources, prefix, TestInfrastructure.UniqueName("bridge"));

        var shardId = put.Records[^1].ShardId!;
        await Eventually.HoldsAsync(
            async () => (await bridge.LeaseTableAsync()).TryGetValue(shardId, out var lease) && lease.Checkpoint == put.Records[^1].SequenceNumber,
            "the checkpoint at the last record (a poison one)");
        await Eventually.HoldsAsync(() => Task.FromResult(observer.Received.Count >= good.Count), $"{good.Count} quotes in QuotesReceived runs");

        // Good records: all published, each symbol's in stream order, nothing else.
        Assert.Equal(good.Count, observer.Received.Count);
        foreach (var symbol in good.Select(r => r.Quote!.Symbol).Distinct())
        {
            Assert.Equal(good.Where(r => r.Quote!.Symbol == symbol).Select(r => r.Quote), observer.Received.Where(m => m.Quote.Symbol == symbol).Select(m => m.Quote));
        }

        // Poison records: one dead letter each, at the record's coordinates, with its bytes and why.
        foreach (var (record, entry) in poison)
        {
            var key = $"{DeadLetterWriter.Prefix}dt={arrivals[entry.SequenceNumber!]:yyyy-MM-dd}/{shardId}/{entry.SequenceNumber}.json";
            using var letter = await ReadJsonAsync(infra, resources.LakeBucket, key);
            var root = letter.RootElement;
            Assert.Equal(resources.QuoteStream, root.GetProperty("streamName").GetString());
            Assert.Equal(shardId, root.GetProperty("shardId").GetString());
            Assert.Equal(entry.SequenceNumber, root.GetProperty("sequenceNumber").GetString());
            Assert.Equal(record.PartitionKey, root.GetProperty("partitionKey").GetString());
            var reason = root.GetProperty("reason").GetString();
            Assert.True(reason?.Contains(record.ReasonMentions!, StringComparison.Ordinal) == true, $"{record.Name}: reason '{reason}' does not mention '{record.ReasonMentions}'");
            Assert.Equal(record.Data, Convert.FromBase64String(root.GetProperty("data").GetString()!));
        }

        var letters = await infra.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = resources.LakeBucket, Prefix = DeadLetterWriter.Prefix });
        Assert.Equal(poison.Count, letters.S3Objects?.Count ?? 0);
        Assert.Equal(poison.Count, bridge.Count(HostedBridge.RecordsDeadLettered));
        Assert.Equal(good.Count, bridge.Count(HostedBridge.RecordsPublished));
    }

    /// <summary>A record to put: its bytes, its key, and either the quote it carries or what its rejection must mention.</summary>
    private sealed record TestRecord(string Name, byte[] Data, string PartitionKey, Quote? Quote, string? ReasonMentions);

    private static List<TestRecord> GoodRecords()
    {
        var observedAt = new DateTimeOffset(2026, 11, 27, 15, 31, 7, TimeSpan.Zero);
        var records = Enumerable.Range(0, 24)
            .Select(i => new Quote(i % 3 == 0 ? "MSFT" : "AAPL", 100m + i, "USD", 99m, 120m + i, 98m, 97.5m, 1000m * i, observedAt.AddSeconds(i), "test"))
            .Select(q => new TestRecord($"good {q.Symbol} {q.Price}", QuoteRecordSerializer.Serialize(q), q.Symbol, q, null))
            .ToList();
        // Written by hand, not by our serializer: an offset other than Z, an unknown extra field, optional fields absent.
        records.Insert(5, new TestRecord(
            "good with offset and extra field",
            Encoding.UTF8.GetBytes("""{"schema":"quote.v1","symbol":"AAPL","price":150.25,"observedAt":"2026-11-27T17:31:30+02:00","source":"replay","exchange":"XNAS"}"""),
            "AAPL",
            new Quote("AAPL", 150.25m, null, null, null, null, null, null, new DateTimeOffset(2026, 11, 27, 15, 31, 30, TimeSpan.Zero), "replay"),
            null));
        return records;
    }

    private static List<TestRecord> PoisonRecords()
    {
        static TestRecord Json(string name, string json, string mentions) => new(name, Encoding.UTF8.GetBytes(json), "AAPL", null, mentions);
        static TestRecord Bytes(string name, byte[] data, string mentions) => new(name, data, "junk", null, mentions);
        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes("{\"schema\":\"quote.v1\",\"symbol\":\"AA"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("PL\",\"price\":1,\"observedAt\":\"2026-11-27T15:31:07Z\",\"source\":\"x\"}")];
        return
        [
            Json("not JSON", "{not json", "not valid JSON"),
            Json("HTML", "<html><body><h1>502 Bad Gateway</h1></body></html>", "not valid JSON"),
            Bytes("empty", [], "not valid JSON"),
            Bytes("gzip", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0xFF], "not valid JSON"),
            Bytes("invalid UTF-8 in a string", invalidUtf8, "JSON"),
            Json("JSON null", "null", "JSON null"),
            Json("array", "[1,2,3]", "not valid JSON"),
            Json("string", "\"AAPL 190.5\"", "not valid JSON"),
            Json("number", "42", "not valid JSON"),
            Json("truncated", "{\"schema\":\"quote.v1\",\"symbol\":\"AAPL\",\"price\":19", "JSON"),
            Json("two records", "{\"schema\":\"quote.v1\"," + Fields + "}{\"schema\":\"quote.v1\"," + Fields + "}", "JSON"),
            Json("nested too deep", "{\"schema\":\"quote.v1\"," + Fields + ",\"x\":" + new string('[', 100) + new string(']', 100) + "}", "JSON"),
            Json("schema missing", "{" + Fields + "}", "schema is missing"),
            Json("wrong schema", "{\"schema\":\"quote.v2\"," + Fields + "}", "schema is 'quote.v2'"),
            Json("schema a number", "{\"schema\":1," + Fields + "}", "$.schema"),
            Json("symbol missing", """{"schema":"quote.v1","price":190.5,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "symbol is missing"),
            Json("symbol with a capital S", """{"schema":"quote.v1","Symbol":"AAPL","price":190.5,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "symbol is missing"),
            Json("lower-case symbol", """{"schema":"quote.v1","symbol":"aapl","price":190.5,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "symbol 'aapl'"),
            Json("symbol too long", """{"schema":"quote.v1","symbol":"ABCDEFGHIJKLM","price":190.5,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "symbol 'ABCDEFGHIJKLM'"),
            Json("price missing", """{"schema":"quote.v1","symbol":"AAPL","observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "price is missing"),
            Json("price null", """{"schema":"quote.v1","symbol":"AAPL","price":null,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "price is missing"),
            Json("price zero", """{"schema":"quote.v1","symbol":"AAPL","price":0,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "price 0 is not a positive amount"),
            Json("price negative", """{"schema":"quote.v1","symbol":"AAPL","price":-1.5,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "price -1.5 is not a positive amount"),
            Json("price a string", """{"schema":"quote.v1","symbol":"AAPL","price":"190.5","observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "$.price"),
            Json("price a boolean", """{"schema":"quote.v1","symbol":"AAPL","price":true,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "$.price"),
            Json("price beyond decimal", """{"schema":"quote.v1","symbol":"AAPL","price":1e400,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "$.price"),
            Json("price beyond the maximum", """{"schema":"quote.v1","symbol":"AAPL","price":2000000000000,"observedAt":"2026-11-27T15:31:07Z","source":"test"}""", "price 2000000000000"),
            Json("observedAt missing", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"source":"test"}""", "observedAt is missing"),
            Json("observedAt without offset", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"2026-11-27T15:31:07","source":"test"}""", "observedAt '2026-11-27T15:31:07' is not an ISO-8601 time with an offset"),
            Json("observedAt a date", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"2026-11-27","source":"test"}""", "observedAt '2026-11-27'"),
            Json("observedAt epoch seconds", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":1764257467,"source":"test"}""", "$.observedAt"),
            Json("observedAt impossible", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"2026-13-45T15:31:07Z","source":"test"}""", "observedAt '2026-13-45T15:31:07Z'"),
            // Beyond the clock skew ingestion allows (QuoteValidation.MaxClockSkew): it would become the symbol's
            // latest quote for a century, and the latest table would refuse every real one as older.
            Json("observedAt far in the future", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"2126-11-27T15:31:07Z","source":"test"}""", "observedAt 2126-11-27T15:31:07Z is in the future"),
            Json("observedAt before 1970", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"1960-01-01T00:00:00Z","source":"test"}""", "not a plausible time"),
            Json("source missing", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"2026-11-27T15:31:07Z"}""", "source is missing"),
            Json("source blank", """{"schema":"quote.v1","symbol":"AAPL","price":190.5,"observedAt":"2026-11-27T15:31:07Z","source":"  "}""", "source is missing"),
            Json("currency lower case", "{\"schema\":\"quote.v1\"," + Fields + ",\"currency\":\"usd\"}", "currency 'usd'"),
            Json("currency a name", "{\"schema\":\"quote.v1\"," + Fields + ",\"currency\":\"DOLLARS\"}", "currency 'DOLLARS'"),
            Json("volume negative", "{\"schema\":\"quote.v1\"," + Fields + ",\"volume\":-5}", "volume -5 is out of range"),
            Json("open negative", "{\"schema\":\"quote.v1\"," + Fields + ",\"open\":-1}", "open -1 is not a positive amount"),
            Json("previousClose zero", "{\"schema\":\"quote.v1\"," + Fields + ",\"previousClose\":0}", "previousClose 0 is not a positive amount"),
        ];
    }

    /// <summary>Good and poison records alternating, ending with a poison one so that the checkpoint has to pass it.</summary>
    private static List<TestRecord> Interleave(List<TestRecord> good, List<TestRecord> poison)
    {
        var all = new List<TestRecord>();
        var (g, p) = (0, 0);
        while (g < good.Count || p < poison.Count)
        {
            if (g < good.Count)
            {
                all.Add(good[g++]);
            }

            if (p < poison.Count)
            {
                all.Add(poison[p++]);
            }
        }

        Assert.Null(all[^1].Quote);
        return all;
    }

    /// <summary>Reads the stream as the bridge will see it: the arrival time of each record, by sequence number.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> ArrivalsAsync(KinesisClient kinesis, string stream, int count)
    {
        var arrivals = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var shard in await kinesis.ListShardsAsync(stream))
        {
            var iterator = await kinesis.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorType.TrimHorizon, null);
            while (iterator is not null && arrivals.Count < count)
            {
                var result = await kinesis.GetRecordsAsync(iterator);
                foreach (var record in result.Records)
                {
                    arrivals[record.SequenceNumber] = record.ApproximateArrivalTimestamp;
                }

                iterator = result.Records.Count == 0 ? null : result.NextShardIterator;
            }
        }

        Assert.Equal(count, arrivals.Count);
        return arrivals;
    }

    private static async Task<JsonDocument> ReadJsonAsync(TestInfrastructure infra, string bucket, string key)
    {
        using var response = await infra.S3.GetObjectAsync(bucket, key);
        return await JsonDocument.ParseAsync(response.ResponseStream);
    }
}
