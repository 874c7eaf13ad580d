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
    private static readonly TimeSpan ArchiveMaxWait = TimeSpan.FromSeconds(2);

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
                var (pipeline, putRate) = await PipelineAsync(infra, resources, records, symbols);
                var perRecord = await PerRecordAsync(infra, resources);
                result.Add("pipeline: put → every quote in its 1m bar, latest prices right, one lake row each", "quotes/s", pipeline);
                result.Add("per-record design (GetRecords of 100; per record 1 PutItem + 2 S3 objects)", "quotes/s", perRecord);
                result.Add("**ratio pipeline / per-record**", "", pipeline / perRecord);
                result.Add("of the pipeline time, putting the quotes ran at", "quotes/s", putRate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    round {round}: pipeline {pipeline:N0}/s (puts at {putRate:N0}/s), per-record {perRecord:N0}/s, ratio {pipeline / perRecord:0.0}"));
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
            + $"with PutRecords of {PutBatch}, {PutsInFlight} calls in flight. The clock runs from the first put until consistent scans show every "
            + $"symbol's 1-minute bars counting all its quotes and its latest item at its newest quote's price, and the lake (every Parquet object "
            + $"read through the S3 API) holds each quote exactly once; the rate is quotes / that time. Per-record: the original design "
            + $"run against the same stream and servers right after, from TRIM_HORIZON: per shard in parallel, GetRecords of {PerRecordReadLimit} and "
            + $"per record, one after another, a PutItem of the latest item and two S3 objects (the raw record and the parsed quote as JSON); "
            + $"timed over the first {PerRecordShare:N0} records (a steady rate; all of them would take minutes)."));
        return result;
    }

    private static async Task<(double Rate, double PutRate)> PipelineAsync(TestInfrastructure infra, AwsResources resources, int records, int symbols)
    {
        var prefix = TestInfrastructure.UniqueName("bench");
        var settings = infra.SettingsFor(resources, prefix);
        settings["Bridge:InstanceId"] = "bench";
        settings["Archive:MaxWait"] = ArchiveMaxWait.ToString("c", CultureInfo.InvariantCulture);
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing");
        await using var archive = await ServiceProcess.StartAsync("archive", "StockMonitor.Archive", settings, "archive");
        await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge");
        await PricingBenchmark.WaitForShardsAsync(bridge, Shards);

        var quotes = Quotes(records, symbols);
        var clock = Stopwatch.StartNew();
        var identities = await PutAllAsync(infra, resources.QuoteStream, quotes);
        var putRate = records / clock.Elapsed.TotalSeconds;
        var perSymbol = quotes.GroupBy(q => q.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (Count: (long)g.Count(), Newest: g.MaxBy(q => q.ObservedAt)!.Price), StringComparer.Ordinal);
        var state = "nothing checked yet";
        try
        {
            await PricingBenchmark.WaitAsync(
                async () =>
                {
                    var counts = await PricingTableReader.ScanMinuteCountsAsync(infra.DynamoDb, resources.QuoteBarsTable);
                    var barsExact = perSymbol.Count(s => counts.GetValueOrDefault(s.Key) == s.Value.Count);
                    state = $"{barsExact} of {perSymbol.Count} symbols' 1-minute bars count all their quotes ({counts.Values.Sum()} of {records} counted)";
                    if (barsExact < perSymbol.Count)
                    {
                        return false;
                    }

                    var latest = await PricingTableReader.ScanLatestAsync(infra.DynamoDb, resources.QuotesLatestTable, withStatistics: true);
                    var latestRight = perSymbol.Count(s => latest.TryGetValue(s.Key, out var row) && row.Price == s.Value.Newest);
                    state = $"bars exact; {latestRight} of {perSymbol.Count} latest prices right";
                    if (latestRight < perSymbol.Count)
                    {
                        return false;
                    }

                    var rows = await LakeIdentities.ReadAsync(infra.S3, resources.LakeBucket);
                    var distinct = rows.Distinct(StringComparer.Ordinal).Count();
                    if (rows.Count != distinct)
                    {
                        throw new InvalidOperationException($"The lake holds {rows.Count} rows, {distinct} distinct, for {records} quotes: a quote was written twice.");
                    }

                    state = $"bars and latest prices exact; the lake holds {rows.Count} of {records} quotes ({rows.Count(identities.Contains)} of them put by this run)";
                    return rows.Count == records && identities.SetEquals(rows);
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

        clock.Stop();
        await bridge.StopAsync(TimeSpan.FromSeconds(30));
        await pricing.StopAsync(TimeSpan.FromSeconds(30));
        await archive.StopAsync(TimeSpan.FromSeconds(30));
        return (records / clock.Elapsed.TotalSeconds, putRate);
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
    private static List<Quote> Quotes(int count, int symbols)
    {
        var start = DateTimeOffset.UtcNow.AddMilliseconds(-count);
        return Enumerable.Range(0, count).Select(n =>
        {
            var s = n % symbols;
            return new Quote($"SYM{s}", 50m + s + (n % 41 / 100m), "USD", 50m + s, 60m + s, 40m + s, 50m + s, 100_000m + n, start.AddMilliseconds(n), "bench");
        }).ToList();
    }
}
