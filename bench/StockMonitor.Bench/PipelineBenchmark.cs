using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// The whole pipeline from outside: quotes put into the stream, then the clock runs until every quote is counted in
/// its 1-minute bar, every symbol's latest price is its newest quote's and every quote is exactly one lake row —
/// bridge, pricing and archive as processes on fresh resources. Beside it, on the same stream and servers, the
/// original per-record design: per shard, GetRecords of 100 and, per record, one DynamoDB PutItem and two S3 objects.
/// </summary>
internal static class PipelineBenchmark
{
    private const int Shards = 4;
    private const int DefaultRecords = 20_000;
    private const int DefaultSymbols = 100;
    private const int PutBatch = 500;
    private const int PutsInFlight = 4;

    /// <summary>How many records of the stream the per-record design handles (its rate is steady; all of them would take minutes).</summary>
    private const int PerRecordShare = 2_000;

    private const int PerRecordReadLimit = 100;

    /// <summary>Warm-up before the clock (see <see cref="WarmUpAsync"/>): passes of quotes of other symbols, a pause after each.</summary>
    private const int WarmUpRecords = 10_000;
    private const int WarmUpSymbols = 20;
    private const int WarmUpPasses = 3;
    private static readonly TimeSpan WarmUpPause = TimeSpan.FromSeconds(2);

    /// <summary>How often the end of the timed run is checked (each check scans two tables and reads the lake).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan ArchiveMaxWait = TimeSpan.FromSeconds(2);

    /// <summary>The processes whose CPU time during the timed run is reported.</summary>
    private static readonly (string Process, string Label)[] CpuReported =
    [
        ("StockMonitor.Pricing", "pricing"), ("StockMonitor.Archive", "the archive"), ("StockMonitor.Bridge", "the bridge"),
        ("kinesalite", "kinesalite"), ("dynalite", "dynalite"), ("s3rver", "s3rver"), ("beam.smp", "RabbitMQ"),
        ("StockMonitor.Bench", "the benchmark (puts, checks)"),
    ];

    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var records = settings.RecordsGiven ?? DefaultRecords;
        var symbols = settings.SymbolsGiven ?? DefaultSymbols;
        var infra = await TestInfrastructure.GetAsync();
        var result = new BenchResult(
            $"Pipeline: Kinesis → bars, latest prices and lake, vs the per-record design ({records:N0} quotes over {symbols:N0} symbols)",
            $"./stockmonitor bench pipeline --records {records} --symbols {symbols} --rounds {settings.Rounds}");
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var resources = await infra.CreateResourcesAsync(Shards);
            try
            {
                var stages = await PipelineAsync(infra, resources, records, symbols);
                var pipeline = records / stages.Total;
                var perRecord = await PerRecordAsync(infra, resources);
                result.Add("pipeline: put → every quote in its 1m bar, latest prices right, one lake row each", "quotes/s", pipeline);
                result.Add("per-record design (GetRecords of 100; per record 1 PutItem + 2 S3 objects)", "quotes/s", perRecord);
                result.Add("**ratio pipeline / per-record**", "", pipeline / perRecord);
                result.Add("stage: every quote put into the stream, after", "s", stages.Put);
                result.Add("stage: every quote published by the bridge (broker confirmed), after", "s", stages.Bridge!.Value);
                result.Add("stage: every quote counted in its 1-minute bar, after", "s", stages.Bars!.Value);
                result.Add("stage: every latest price right, after", "s", stages.Latest!.Value);
                result.Add("stage: every quote once in the lake, after", "s", stages.Lake!.Value);
                foreach (var (process, label) in CpuReported)
                {
                    result.Add($"CPU seconds of {label} while timed", "s", stages.Cpu.Where(c => c.Name == process).Sum(c => c.Seconds));
                }

                result.Add("cores busy while timed (all processes' CPU seconds / seconds)", "", stages.Cpu.Sum(c => c.Seconds) / stages.Total);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    round {round}: pipeline {pipeline:N0}/s, per-record {perRecord:N0}/s, ratio {pipeline / perRecord:0.0}; {stages}"));
            }
            finally
            {
                await infra.Kinesis.DeleteStreamAsync(resources.QuoteStream);
            }
        }

        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"Pipeline: a {Shards}-shard stream, fresh tables and bucket; a bridge, a pricing and an archive process (Release build, default settings except "
            + $"`Archive:MaxWait` {ArchiveMaxWait.TotalSeconds:0} s instead of 20 s, so that the last lake object is not held back by the archive's "
            + $"batching window: durability is not affected, quotes wait unacknowledged in the broker until their object is written). "
            + $"{records:N0} quotes round-robin over {symbols:N0} symbols (observed times spread over the last {records / 1000.0:0.#} s) are put "
            + $"with PutRecords of {PutBatch}, {PutsInFlight} calls in flight, after a warm-up ({WarmUpPasses} passes of {WarmUpRecords:N0} quotes over "
            + $"{WarmUpSymbols} other symbols through the whole pipeline, {WarmUpPause.TotalSeconds:0} s apart: JIT compilation and first connections, "
            + $"which a running system paid long ago; the timed symbols are still new to pricing). The clock runs from the first put until consistent scans "
            + $"(every {PollInterval.TotalMilliseconds:0} ms, once the bridge's /metrics count every quote published) show every "
            + $"symbol's 1-minute bars counting all its quotes and its latest item at its newest quote's price, and the lake (every Parquet object "
            + $"read through the S3 API) holds each quote exactly once; the rate is quotes / that time. Per-record: the original design "
            + $"run against the same stream and servers right after (warmed up on one GetRecords of one shard), from TRIM_HORIZON: per shard in parallel, GetRecords of {PerRecordReadLimit} and "
            + $"per record, one after another, a PutItem of the latest item and two S3 objects (the raw record and the parsed quote as JSON); "
            + $"timed over the first {PerRecordShare:N0} records (a steady rate; all of them would take minutes). Stages: when each had seen every quote. "
            + $"CPU seconds: per process, from /proc, over the timed run; \"cores busy\" near 2 means the two cores were saturated."));
        return result;
    }

    private static async Task<PipelineStages> PipelineAsync(TestInfrastructure infra, AwsResources resources, int records, int symbols)
    {
        var prefix = TestInfrastructure.UniqueName("bench");
        var settings = infra.SettingsFor(resources, prefix);
        settings["Bridge:InstanceId"] = "bench";
        settings["Archive:MaxWait"] = ArchiveMaxWait.ToString("c", CultureInfo.InvariantCulture);
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing");
        await using var archive = await ServiceProcess.StartAsync("archive", "StockMonitor.Archive", settings, "archive");
        await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge");
        await PricingBenchmark.WaitForShardsAsync(bridge, Shards);

        var warmUp = new HashSet<string>(StringComparer.Ordinal);
        for (var pass = 0; pass < WarmUpPasses; pass++)
        {
            warmUp.UnionWith(await WarmUpAsync(infra, resources, warmUp, pricing, archive, bridge));
            await Task.Delay(WarmUpPause);
        }

        var quotes = Quotes(records, symbols, "SYM");
        var cpuBefore = ProcessCpu.Take();
        var clock = Stopwatch.StartNew();
        var identities = await PutAllAsync(infra, resources.QuoteStream, quotes);
        var stages = new PipelineStages { Put = clock.Elapsed.TotalSeconds };
        var perSymbol = quotes.GroupBy(q => q.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Newest: g.MaxBy(q => q.ObservedAt)!.Price), StringComparer.Ordinal);
        using var bridgeMetrics = new HttpClient { BaseAddress = bridge.BaseAddress };
        var state = "nothing checked yet";
        try
        {
            await PricingBenchmark.WaitAsync(
                async () =>
                {
                    // Checks cost the servers CPU that the pipeline shares: one every PollInterval, and no reads of
                    // the tables or the lake before the bridge has published every quote (nothing is complete before).
                    await Task.Delay(PollInterval);
                    if (stages.Bridge is null)
                    {
                        var published = await PublishedAsync(bridgeMetrics);
                        state = $"the bridge published {published - warmUp.Count} of {records} quotes";
                        if (published < records + warmUp.Count)
                        {
                            return false;
                        }

                        stages.Bridge = clock.Elapsed.TotalSeconds;
                    }

                    if (stages.Bars is null)
                    {
                        var counts = await PricingTableReader.ScanMinuteCountsAsync(infra.DynamoDb, resources.QuoteBarsTable);
                        var barsExact = perSymbol.Count(s => counts.GetValueOrDefault(s.Key) == s.Value.Count);
                        state = $"{barsExact} of {perSymbol.Count} symbols' 1-minute bars count all their quotes";
                        if (barsExact == perSymbol.Count)
                        {
                            stages.Bars = clock.Elapsed.TotalSeconds;
                        }
                    }

                    if (stages.Latest is null)
                    {
                        var latest = await PricingTableReader.ScanLatestAsync(infra.DynamoDb, resources.QuotesLatestTable, withStatistics: true);
                        var latestRight = perSymbol.Count(s => latest.TryGetValue(s.Key, out var row) && row.Price == s.Value.Newest);
                        state += $"; {latestRight} of {perSymbol.Count} latest prices right";
                        if (latestRight == perSymbol.Count)
                        {
                            stages.Latest = clock.Elapsed.TotalSeconds;
                        }
                    }

                    if (stages.Lake is null)
                    {
                        var rows = await LakeIdentities.ReadAsync(infra.S3, resources.LakeBucket);
                        var distinct = rows.Distinct(StringComparer.Ordinal).Count();
                        if (rows.Count != distinct)
                        {
                            throw new InvalidOperationException($"The lake holds {rows.Count} rows, {distinct} distinct, for {records} quotes: a quote was written twice.");
                        }

                        state += $"; the lake holds {rows.Count - warmUp.Count} of {records} quotes ({rows.Count(identities.Contains)} of them put by this run)";
                        if (rows.Count == records + warmUp.Count && identities.Concat(warmUp).ToHashSet(StringComparer.Ordinal).SetEquals(rows))
                        {
                            stages.Lake = clock.Elapsed.TotalSeconds;
                        }
                    }

                    return stages.Bars is not null && stages.Latest is not null && stages.Lake is not null;
                },
                "every quote in its bar, every latest price right and every quote once in the lake",
                pricing,
                archive,
                bridge);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Last seen: {state}.{Environment.NewLine}{ex.Message}", ex);
        }

        stages.Cpu = ProcessCpu.Take().Since(cpuBefore);
        clock.Stop();
        await bridge.StopAsync(TimeSpan.FromSeconds(30));
        await pricing.StopAsync(TimeSpan.FromSeconds(30));
        await archive.StopAsync(TimeSpan.FromSeconds(30));
        stages.Total = clock.Elapsed.TotalSeconds;
        return stages;
    }

    /// <summary>The bridge's count of records published in confirmed <c>QuotesReceived</c> messages, from its <c>/metrics</c>.</summary>
    private static async Task<long> PublishedAsync(HttpClient bridge)
    {
        var text = await bridge.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Split('\n')
            .Where(line => line.StartsWith("stockmonitor_bridge_records_published", StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Puts <see cref="WarmUpRecords"/> quotes of other symbols through the pipeline and waits until they are in their
    /// bars and in the lake: each process's first batch pays for JIT compilation and first connections, which a
    /// running system paid long ago. The symbols of the timed run are still new to pricing. Returns the warm-up
    /// quotes' lake identities.
    /// </summary>
    private static async Task<HashSet<string>> WarmUpAsync(TestInfrastructure infra, AwsResources resources, HashSet<string> before, params ServiceProcess[] services)
    {
        var quotes = Quotes(WarmUpRecords, WarmUpSymbols, "WARM");
        var identities = await PutAllAsync(infra, resources.QuoteStream, quotes);
        await PricingBenchmark.WaitAsync(
            async () =>
            {
                var counts = await PricingTableReader.ScanMinuteCountsAsync(infra.DynamoDb, resources.QuoteBarsTable);
                return counts.Values.Sum() == WarmUpRecords + before.Count
                    && (await LakeIdentities.ReadAsync(infra.S3, resources.LakeBucket)).ToHashSet(StringComparer.Ordinal).SetEquals(identities.Concat(before));
            },
            "the warm-up quotes in their bars and in the lake",
            services);
        return identities;
    }

    /// <summary>Puts the quotes (a symbol's in order) and returns their lake identities (<c>shard/sequence</c>).</summary>
    private static async Task<HashSet<string>> PutAllAsync(TestInfrastructure infra, string stream, List<Quote> quotes)
    {
        var identities = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            quotes.Chunk(PutBatch),
            new ParallelOptions { MaxDegreeOfParallelism = PutsInFlight },
            async (chunk, cancellationToken) =>
            {
                var pending = chunk.ToList();
                while (pending.Count > 0)
                {
                    var answer = await infra.Kinesis.PutRecordsAsync(stream, pending.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList(), cancellationToken);
                    lock (identities)
                    {
                        identities.UnionWith(answer.Records.Where(r => r.Succeeded).Select(r => $"{r.ShardId}/{r.SequenceNumber}"));
                    }

                    pending = pending.Where((_, i) => !answer.Records[i].Succeeded).ToList();
                }
            });
        return identities;
    }

    /// <summary>The original design over the first <see cref="PerRecordShare"/> records of the stream; returns records/s.</summary>
    private static async Task<double> PerRecordAsync(TestInfrastructure infra, AwsResources resources)
    {
        var table = TestInfrastructure.UniqueName("bench-per-record");
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.QuotesLatest(table));
        try
        {
            var shards = await infra.Kinesis.ListShardsAsync(resources.QuoteStream);

            // Warm-up (not timed), like the pipeline's: the first records of one shard, handled the same way.
            var first = await infra.Kinesis.GetShardIteratorAsync(resources.QuoteStream, shards[0].ShardId, ShardIteratorType.TrimHorizon);
            foreach (var record in (await infra.Kinesis.GetRecordsAsync(first!, PerRecordReadLimit)).Records)
            {
                await HandleOneAsync(infra, resources.LakeBucket, table, shards[0].ShardId, record);
            }

            var handled = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(shards.Select(async shard =>
            {
                var iterator = await infra.Kinesis.GetShardIteratorAsync(resources.QuoteStream, shard.ShardId, ShardIteratorType.TrimHorizon);
                while (Volatile.Read(ref handled) < PerRecordShare && iterator is not null)
                {
                    var answer = await infra.Kinesis.GetRecordsAsync(iterator, PerRecordReadLimit);
                    foreach (var record in answer.Records)
                    {
                        if (Interlocked.Increment(ref handled) > PerRecordShare)
                        {
                            return;
                        }

                        await HandleOneAsync(infra, resources.LakeBucket, table, shard.ShardId, record);
                    }

                    iterator = answer.Records.Count == 0 ? null : answer.NextShardIterator;
                }
            }));
            clock.Stop();
            return Math.Min(handled, PerRecordShare) / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await infra.DynamoDb.DeleteTableAsync(table);
        }
    }

    private static async Task HandleOneAsync(TestInfrastructure infra, string bucket, string table, string shardId, KinesisRecord record)
    {
        if (!QuoteRecordSerializer.TryDeserialize(record.Data.Span, out var quote, out var reason))
        {
            throw new InvalidOperationException($"The benchmark put an invalid record: {reason}");
        }

        await infra.DynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new()
            {
                ["symbol"] = new AttributeValue(quote.Symbol),
                ["price"] = new AttributeValue { N = quote.Price.ToString(CultureInfo.InvariantCulture) },
                ["observedAt"] = new AttributeValue(quote.ObservedAt.ToString("O", CultureInfo.InvariantCulture)),
            },
        });
        var key = $"{shardId}/{record.SequenceNumber}.json";
        await infra.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"per-record/raw/{key}", ContentBody = Encoding.UTF8.GetString(record.Data.Span), UseChunkEncoding = false });
        await infra.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = $"per-record/processed/{key}",
            ContentBody = System.Text.Json.JsonSerializer.Serialize(quote),
            UseChunkEncoding = false,
        });
    }

    /// <summary>Quotes round-robin over the symbols, observed times spread over the last <c>count</c> milliseconds, each symbol's volume growing.</summary>
    private static List<Quote> Quotes(int count, int symbols, string prefix)
    {
        var start = DateTimeOffset.UtcNow.AddMilliseconds(-count);
        return Enumerable.Range(0, count).Select(n =>
        {
            var s = n % symbols;
            return new Quote($"{prefix}{s}", 50m + s + (n % 41 / 100m), "USD", 50m + s, 60m + s, 40m + s, 50m + s, 100_000m + n, start.AddMilliseconds(n), "bench");
        }).ToList();
    }

    /// <summary>Seconds from the first put until each stage had seen every quote (null: not yet).</summary>
    private sealed class PipelineStages
    {
        public double Put { get; init; }

        public double? Bridge { get; set; }

        public double? Bars { get; set; }

        public double? Latest { get; set; }

        public double? Lake { get; set; }

        public double Total { get; set; }

        /// <summary>CPU seconds each process used from the first put to the end.</summary>
        public IReadOnlyList<(string Name, double Seconds)> Cpu { get; set; } = [];

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"every quote put after {Put:0.0} s, published by the bridge {Bridge:0.0} s, in its bar {Bars:0.0} s, latest prices right {Latest:0.0} s, in the lake {Lake:0.0} s");
    }
}
