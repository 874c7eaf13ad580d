using System.Diagnostics;
using System.Globalization;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// The Kinesis → bus bridge against a raw GetRecords loop over the same stream, and its propagation delay at a
/// steady 1,000 records/s. The bridge runs as a process from its build output, as in production, with a lease
/// table of its own each round; a test bus under a fresh prefix receives its <see cref="QuotesReceived"/> runs.
/// </summary>
internal static class BridgeBenchmark
{
    private const int Shards = 4;
    private const int LatencyRate = 1_000;
    private static readonly TimeSpan LatencyDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var infra = await TestInfrastructure.GetAsync();
        var result = new BenchResult(
            $"Kinesis → bus bridge vs raw GetRecords ({settings.Records:N0} quotes over {settings.Symbols:N0} symbols, {Shards} shards)",
            $"./stockmonitor bench bridge --records {settings.Records} --symbols {settings.Symbols} --rounds {settings.Rounds}");
        var stream = await CreateStreamAsync(infra);
        try
        {
            var quotes = Quotes(settings.Records, settings.Symbols);
            var perShard = await PutAllAsync(infra, stream, quotes);
            for (var round = 1; round <= settings.Rounds; round++)
            {
                var raw = await RawGetRecordsAsync(infra, stream, perShard);
                var bridge = await BridgeThroughputAsync(infra, stream, settings.Records);
                var publish = await RawPublishAsync(infra, stream, quotes);
                result.Add("raw GetRecords loop (4 shards in parallel, limit 10,000)", "records/s", raw);
                result.Add("bridge: Kinesis → QuotesReceived received", "records/s", bridge);
                result.Add("ratio bridge / raw GetRecords", "", bridge / raw);
                result.Add("bus alone: publish with confirms → received", "messages/s", publish);
                result.Add("ratio bridge / bus alone", "", bridge / publish);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round {round}: raw {raw:N0}/s, bridge {bridge:N0}/s, bus alone {publish:N0}/s; bridge/raw {bridge / raw:0.00}, bridge/bus {bridge / publish:0.00}"));
            }
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(stream);
        }

        for (var round = 1; round <= settings.Rounds; round++)
        {
            var (rate, p50, p99, samples) = await PropagationAsync(infra, settings.Symbols);
            result.Add($"put rate achieved (target {LatencyRate:N0}/s for {LatencyDuration.TotalSeconds:0} s)", "records/s", rate);
            result.Add("arrival → received by a consumer, p50", "ms", p50);
            result.Add("arrival → received by a consumer, p99", "ms", p99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    latency round {round}: {samples:N0} records at {rate:N0}/s, p50 {p50:0} ms, p99 {p99:0} ms"));
        }

        result.Note(
            "Throughput: the raw loop reads every shard from TRIM_HORIZON with GetRecords (limit 10,000), all shards in "
            + "parallel, as fast as it can, and publishes nothing. The bridge reads the same stream with `Bridge:GetRecordsLimit=10000` "
            + "(PollInterval 200 ms, at most 5 calls per second per shard as on AWS), deserializes and validates each record, "
            + "publishes each batch's valid records in order as QuotesReceived runs of up to 500 with publisher confirms, and checkpoints each batch in "
            + "DynamoDB; the clock runs from the moment its lease table is created (the bridge process is already up and "
            + "retrying its first scan) until a test consumer has received all records. \"Bus alone\" publishes the same "
            + "QuotesReceived runs (up to 500 quotes) from the benchmark process with the bridge's pattern (confirms, one chain per shard) "
            + "to the same kind of consumer, without Kinesis or DynamoDB: the ceiling the bridge can approach on this machine. "
            + "Every path is checked to deliver every record.");
        result.Note(
            "Latency: the figure is **Kinesis arrival → received by a consumer**: the consumer's clock at receipt minus the "
            + "record's ApproximateArrivalTimestamp (same machine, same clock), so it includes the bridge's poll wait, publishing "
            + "with confirms and RabbitMQ delivering to a consumer; it is not the bridge's own `stockmonitor.bridge.propagation_delay` "
            + "(arrival → publish confirmed), which ends earlier. Records were put 100 per call every 100 ms on a 4-shard stream; "
            + "the bridge ran with its defaults (PollInterval 200 ms, GetRecordsLimit 1,000).");
        return result;
    }

    private static List<Quote> Quotes(int count, int symbols)
    {
        var start = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count)
            .Select(i => new Quote($"SYM{i % symbols}", 100m + (i % 997 / 100m), "USD", 99m, 101m, 98m, 99.5m, 1000m + i, start.AddMilliseconds(i), "bench"))
            .ToList();
    }

    /// <summary>Puts every quote (500 per call, failed entries again); returns how many records each shard got.</summary>
    private static async Task<Dictionary<string, int>> PutAllAsync(TestInfrastructure infra, string stream, IReadOnlyList<Quote> quotes)
    {
        var perShard = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in quotes.Chunk(500))
        {
            await PutAsync(infra, stream, chunk, perShard);
        }

        return perShard;
    }

    private static async Task PutAsync(TestInfrastructure infra, string stream, IReadOnlyList<Quote> quotes, Dictionary<string, int> perShard)
    {
        var pending = quotes.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList();
        while (pending.Count > 0)
        {
            var answer = await infra.Kinesis.PutRecordsAsync(stream, pending);
            foreach (var entry in answer.Records.Where(r => r.Succeeded))
            {
                perShard[entry.ShardId!] = perShard.GetValueOrDefault(entry.ShardId!) + 1;
            }

            pending = pending.Where((_, i) => !answer.Records[i].Succeeded).ToList();
        }
    }

    private static async Task<double> RawGetRecordsAsync(TestInfrastructure infra, string stream, Dictionary<string, int> perShard)
    {
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(perShard.Select(async shard =>
        {
            var iterator = await infra.Kinesis.GetShardIteratorAsync(stream, shard.Key, ShardIteratorType.TrimHorizon);
            var read = 0;
            while (read < shard.Value)
            {
                var answer = await infra.Kinesis.GetRecordsAsync(iterator, 10_000);
                read += answer.Records.Count;
                iterator = answer.NextShardIterator ?? throw new InvalidOperationException($"{shard.Key} ended after {read} of {shard.Value} records.");
            }

            return read;
        }));
        clock.Stop();
        return Check(counts.Sum(), perShard.Values.Sum(), "raw loop") / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> BridgeThroughputAsync(TestInfrastructure infra, string stream, int expected)
    {
        var resources = new AwsResources { QuoteStream = stream, QuoteStreamShards = Shards, BridgeLeaseTable = TestInfrastructure.UniqueName("bench-leases") };
        var prefix = TestInfrastructure.UniqueName("bench");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        var settings = infra.SettingsFor(resources, prefix);
        settings["Bridge:InstanceId"] = "bench";
        settings["Bridge:GetRecordsLimit"] = "10000";
        settings["Bridge:Leases:ScanInterval"] = "00:00:00.25";
        // Its lease table does not exist yet: the bridge starts, fails its scans and reads nothing until the table is created.
        await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge");
        var clock = Stopwatch.StartNew();
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.BridgeLeases(resources.BridgeLeaseTable));
        await WaitAsync(() => Task.FromResult(bus.QuoteCount() >= expected), $"{expected} quotes in QuotesReceived runs", bridge);
        clock.Stop();
        var distinct = bus.ReceivedQuotes().Select(m => (m.ShardId, m.SequenceNumber)).Distinct().Count();
        await bridge.StopAsync(TimeSpan.FromSeconds(30));
        await infra.DynamoDb.DeleteTableAsync(resources.BridgeLeaseTable);
        return Check(distinct, expected, "bridge") / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The bus's own ceiling for the same messages: QuotesReceived runs of up to <see cref="QuotesReceived.MaxQuotes"/>
    /// quotes published with confirms from this process, one chain per shard as the bridge does, until a consumer has
    /// received them all. No Kinesis, no DynamoDB.
    /// </summary>
    private static async Task<double> RawPublishAsync(TestInfrastructure infra, string stream, List<Quote> quotes)
    {
        var prefix = TestInfrastructure.UniqueName("bench");
        await using var consumer = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        await using var publisher = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        var now = DateTimeOffset.UtcNow;
        var messages = quotes.Select((q, i) => new QuoteReceived(q, stream, $"shard-{i % Shards}", i.ToString(CultureInfo.InvariantCulture), now)).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(messages.GroupBy(m => m.ShardId, StringComparer.Ordinal).Select(async chain =>
        {
            foreach (var run in chain.Chunk(QuotesReceived.MaxQuotes))
            {
                await publisher.PublishQuotesAsync(run);
            }
        }));
        await Eventually.HoldsAsync(() => Task.FromResult(consumer.QuoteCount() >= messages.Count), $"{messages.Count} quotes in QuotesReceived runs", Patience);
        clock.Stop();
        return Check(consumer.QuoteCount(), messages.Count, "bus alone") / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Puts 1,000 records a second for 20 s while the bridge runs; returns the achieved rate and the delay percentiles.</summary>
    private static async Task<(double Rate, double P50, double P99, int Samples)> PropagationAsync(TestInfrastructure infra, int symbols)
    {
        var stream = await CreateStreamAsync(infra);
        var resources = new AwsResources { QuoteStream = stream, QuoteStreamShards = Shards, BridgeLeaseTable = TestInfrastructure.UniqueName("bench-leases") };
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.BridgeLeases(resources.BridgeLeaseTable));
        var prefix = TestInfrastructure.UniqueName("bench");
        try
        {
            await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
            var settings = infra.SettingsFor(resources, prefix);
            settings["Bridge:InstanceId"] = "bench";
            await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge");
            using (var http = new HttpClient { BaseAddress = bridge.BaseAddress })
            {
                await WaitAsync(
                    async () => (await http.GetStringAsync(new Uri("/bridge/shards", UriKind.Relative))).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == Shards,
                    "the bridge to hold every shard",
                    bridge);
            }

            var perCall = LatencyRate / 10;
            var calls = (int)(LatencyDuration.TotalSeconds * 10);
            var quotes = Quotes(perCall * calls, symbols);
            var perShard = new Dictionary<string, int>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            for (var call = 0; call < calls; call++)
            {
                // Paced on an absolute schedule so that a slow call does not lower the rate.
                var due = TimeSpan.FromMilliseconds(100 * call) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                await PutAsync(infra, stream, quotes.Skip(call * perCall).Take(perCall).ToList(), perShard);
            }

            var rate = quotes.Count / clock.Elapsed.TotalSeconds;
            await WaitAsync(() => Task.FromResult(bus.QuoteCount() >= quotes.Count), $"{quotes.Count} quotes in QuotesReceived runs", bridge);
            var delays = bus.ReceivedQuotesWithTimes().Select(r => (r.ReceivedAt - r.Quote.ArrivedAt).TotalMilliseconds).Order().ToList();
            await bridge.StopAsync(TimeSpan.FromSeconds(30));
            return (rate, Percentile(delays, 0.50), Percentile(delays, 0.99), delays.Count);
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(stream);
            await infra.DynamoDb.DeleteTableAsync(resources.BridgeLeaseTable);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, ServiceProcess bridge)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, Patience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Bridge output:{Environment.NewLine}{bridge.RecentOutput}", ex);
        }
    }

    private static int Check(int delivered, int expected, string path) =>
        delivered == expected ? delivered : throw new InvalidOperationException($"The {path} delivered {delivered} of {expected} records.");

    private static async Task<string> CreateStreamAsync(TestInfrastructure infra)
    {
        var stream = TestInfrastructure.UniqueName("bench");
        await infra.Provisioner.EnsureStreamAsync(stream, Shards);
        return stream;
    }
}
