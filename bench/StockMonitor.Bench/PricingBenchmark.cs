using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// The pricing service (QuotesReceived → 1-minute bars, latest quote and statistics in DynamoDB) against a raw
/// BatchWriteItem loop writing one item per quote into a table of the bars' key schema, and its end-to-end delay
/// Kinesis put → latest table at 1,000 quotes/s through the bridge (<see cref="PricingLatencyBenchmark"/>).
/// Pricing runs as a process from its build output on fresh tables every round.
/// </summary>
internal static class PricingBenchmark
{
    public const int DefaultRecords = 20_000;
    public const int DefaultSymbols = 100;
    private const int RawCallsInFlight = 4;
    private const int WarmUpQuotes = 200;
    private static readonly TimeSpan ObservedSpan = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CheckPause = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var records = settings.RecordsGiven ?? DefaultRecords;
        var symbols = settings.SymbolsGiven ?? DefaultSymbols;
        var infra = await TestInfrastructure.GetAsync();
        var result = new BenchResult(
            $"Pricing: QuotesReceived → DynamoDB vs raw BatchWriteItem ({records:N0} quotes over {symbols:N0} symbols, {ObservedSpan.TotalMinutes:0} min of observed time)",
            $"./stockmonitor bench pricing --records {records} --symbols {symbols} --rounds {settings.Rounds}");
        var quotes = Quotes(records, symbols);
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var raw = await RawBatchWriteAsync(infra, quotes);
            var pricing = await PricingThroughputAsync(infra, quotes);
            result.Add($"raw BatchWriteItem loop (one item per quote, 25 per call, {RawCallsInFlight} calls in flight)", "quotes/s", raw);
            result.Add("pricing: publish → every 1m bar and latest item complete", "quotes/s", pricing.Rate);
            result.Add("**ratio pricing / raw**", "", pricing.Rate / raw);
            result.Add("pricing: publish → statistics (statsQuoteCount) caught up", "quotes/s", pricing.StatisticsRate);
            result.Add("of the pricing time, publishing the QuotesReceived took", "s", pricing.PublishSeconds);
            result.Add("pricing: DynamoDB calls per quote", "", pricing.CallsPerQuote);
            result.Add("pricing: mean DynamoDB call", "ms", pricing.MeanCallMilliseconds);
            result.Add("pricing batches: median size", "quotes", pricing.BatchSize);
            result.Add("pricing batches: median duration", "ms", pricing.BatchMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    round {round}: raw {raw:N0}/s, pricing {pricing.Rate:N0}/s (statistics {pricing.StatisticsRate:N0}/s), ratio {pricing.Rate / raw:0.00}; publishing took {pricing.PublishSeconds:0.0} s; {pricing.CallsPerQuote:0.0} DynamoDB calls per quote, {pricing.MeanCallMilliseconds:0.0} ms each; batches {pricing.BatchSize:0} quotes, {pricing.BatchMilliseconds:0} ms; {pricing.Warnings} warnings"));
        }

        foreach (var (rate, over) in LatencyRuns(symbols))
        {
            for (var round = 1; round <= settings.Rounds; round++)
            {
                var latency = await PricingLatencyBenchmark.RunAsync(infra, over, rate);
                latency.AddTo(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    latency {rate:N0}/s over {over:N0} symbols, round {round}: {latency.Summary}"));
            }
        }

        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"Throughput: {records:N0} quotes over {symbols:N0} symbols, observed times spread evenly over the {ObservedSpan.TotalMinutes:0} minutes before the run "
            + $"(each symbol a tick about every "
            + $"{ObservedSpan.TotalSeconds * symbols / records:0.0} s with a growing cumulative volume, so 3–4 one-minute bars per symbol). "
            + $"Raw: one PutRequest per quote (series = SYMBOL#1m, bucket = the quote's own time, the quote's attributes) into a fresh table "
            + $"with the bars' key schema, 25 per BatchWriteItem, {RawCallsInFlight} calls in flight, unprocessed items retried; timed from the first "
            + $"call to the last answer, then counted. Pricing: a pricing process on fresh tables (started, and warmed up with "
            + $"{WarmUpQuotes} quotes of another symbol, before the clock) gets the quotes as the bridge publishes them: QuotesReceived runs of up to "
            + $"{QuotesReceived.MaxQuotes} quotes of one shard (4 shards by symbol), in sequence order, one run in flight per shard, with publisher confirms; the clock runs from the first publish until the tables, read with "
            + $"consistent scans every ~100 ms, show every symbol's 1-minute bars counting all its ticks (sum of `count` over SYMBOL#1m = its quotes) "
            + $"and every latest item holding the symbol's newest quote (observedAt and price); the bars are scanned once the latest items are "
            + $"complete, and the end is when that scan returned. \"Statistics caught up\" is when every latest item's statsQuoteCount also "
            + $"equals the symbol's ticks of its trading day. Publishing competes for the same two cores. "
            + $"DynamoDB calls and their mean duration come from the pricing process's HttpClient metrics (`/metrics`) over the timed part; "
            + $"batch figures from its debug log line per batch."));
        result.Note(PricingLatencyBenchmark.Note);
        return result;
    }

    /// <summary>The steady-rate runs: 1,000 and 3,000 quotes/s over the symbols, and 1,000/s over 20× as many.</summary>
    private static (int Rate, int Symbols)[] LatencyRuns(int symbols) => [(1_000, symbols), (3_000, symbols), (1_000, symbols * 20)];

    /// <summary>Quotes spread evenly over the last few minutes, round-robin over the symbols, each symbol on its own price walk.</summary>
    private static List<Quote> Quotes(int count, int symbols, string prefix = "SYM")
    {
        var step = ObservedSpan.Ticks / count;
        var start = DateTimeOffset.UtcNow.AddSeconds(-1).AddTicks(-step * count);
        var random = new Random(5);
        var prices = Enumerable.Range(0, symbols).Select(s => 50m + s).ToArray();
        var volumes = new decimal[symbols];
        var quotes = new List<Quote>(count);
        for (var i = 0; i < count; i++)
        {
            var s = i % symbols;
            prices[s] = Math.Max(1m, prices[s] + (random.Next(-10, 11) / 100m));
            volumes[s] += random.Next(1, 500);
            quotes.Add(new Quote($"{prefix}{s}", prices[s], "USD", 50m + s, 60m + s, 40m + s, 50m + s, 100_000m + volumes[s], start.AddTicks(step * i), "bench"));
        }

        return quotes;
    }

    /// <summary>The same quotes as the bridge would publish them: Kinesis coordinates of one stream, 4 shards by symbol.</summary>
    private static List<QuoteReceived> Messages(IReadOnlyList<Quote> quotes, string stream, int firstSequence) =>
        quotes.Select((q, i) => new QuoteReceived(
                q,
                stream,
                $"shardId-{q.Symbol.Sum(c => c) % 4:D12}",
                (49_000_000_000_000_000_000m + firstSequence + i).ToString(CultureInfo.InvariantCulture),
                q.ObservedAt.AddMilliseconds(50)))
            .ToList();

    private static Task PublishAsync(TestBus publisher, IEnumerable<QuoteReceived> messages) =>
        Task.WhenAll(messages.GroupBy(m => m.ShardId, StringComparer.Ordinal).Select(async shard =>
        {
            foreach (var run in shard.Chunk(QuotesReceived.MaxQuotes))
            {
                await publisher.PublishQuotesAsync(run);
            }
        }));

    private static async Task<double> RawBatchWriteAsync(TestInfrastructure infra, List<Quote> quotes)
    {
        var table = TestInfrastructure.UniqueName("bench-raw");
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.QuoteBars(table));
        try
        {
            var requests = quotes.Select((q, i) => new WriteRequest(new PutRequest(RawItem(q, i)))).Chunk(25).ToList();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = RawCallsInFlight }, async (chunk, cancellationToken) =>
            {
                var pending = new Dictionary<string, List<WriteRequest>> { [table] = [.. chunk] };
                while (true)
                {
                    var answer = await infra.DynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
                    if (answer.UnprocessedItems is not { Count: > 0 } unprocessed)
                    {
                        return;
                    }

                    pending = unprocessed;
                    await Task.Delay(10, cancellationToken);
                }
            });
            clock.Stop();
            var written = await CountAsync(infra, table);
            return Check(written, quotes.Count, "raw loop") / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await infra.DynamoDb.DeleteTableAsync(table);
        }
    }

    private static Dictionary<string, AttributeValue> RawItem(Quote quote, int index)
    {
        static AttributeValue N(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
        var observedAt = quote.ObservedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return new Dictionary<string, AttributeValue>
        {
            ["series"] = new($"{quote.Symbol}#1m"),
            ["bucket"] = new(observedAt),
            ["price"] = N(quote.Price),
            ["currency"] = new(quote.Currency),
            ["open"] = N(quote.Open!.Value),
            ["high"] = N(quote.High!.Value),
            ["low"] = N(quote.Low!.Value),
            ["previousClose"] = N(quote.PreviousClose!.Value),
            ["volume"] = N(quote.Volume!.Value),
            ["observedAt"] = new(observedAt),
            ["source"] = new(quote.Source),
            ["sequenceNumber"] = new((49_000_000_000_000_000_000m + index).ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static async Task<int> CountAsync(TestInfrastructure infra, string table)
    {
        var count = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await infra.DynamoDb.ScanAsync(new ScanRequest { TableName = table, Select = Amazon.DynamoDBv2.Select.COUNT, ExclusiveStartKey = start });
            count += page.Count ?? 0;
            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return count;
    }

    private static async Task<PricingThroughput> PricingThroughputAsync(TestInfrastructure infra, List<Quote> quotes)
    {
        var resources = await PricingTables.CreateAsync(infra);
        // The stream is never created: it only names the ticks' Kinesis coordinates.
        var stream = TestInfrastructure.UniqueName("bench");
        var prefix = TestInfrastructure.UniqueName("bench");
        var dynamoDb = new Uri(infra.Servers.AwsEnvironment["AWS_ENDPOINT_URL_DYNAMODB"]);
        try
        {
            await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", PricingTables.PricingSettings(infra, resources, prefix), "pricing");
            await using var publisher = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);

            var warmUp = Quotes(WarmUpQuotes, 1, "WARMUP");
            var warmUpExpected = PricingExpectation.Of(warmUp);
            await PublishAsync(publisher, Messages(warmUp, stream, quotes.Count));
            await WaitAsync(
                async () =>
                {
                    var rows = await PricingTableReader.ScanLatestAsync(infra.DynamoDb, resources.QuotesLatestTable, withStatistics: true);
                    return warmUpExpected.LatestComplete(rows) && warmUpExpected.StatisticsComplete(rows);
                },
                "the warm-up quotes",
                pricing);

            var expected = PricingExpectation.Of(quotes);
            var messages = Messages(quotes, stream, 0);
            var callsBefore = await PricingProcessProbe.DynamoDbCallsAsync(pricing, dynamoDb);
            var startedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var publishing = Task.Run(async () =>
            {
                await PublishAsync(publisher, messages);
                return clock.Elapsed;
            });

            TimeSpan? latestAt = null, barsAt = null, statisticsAt = null;
            Dictionary<string, long>? counts = null;
            while (barsAt is null || statisticsAt is null)
            {
                if (publishing.IsFaulted)
                {
                    await publishing;
                }

                var rows = await PricingTableReader.ScanLatestAsync(infra.DynamoDb, resources.QuotesLatestTable, withStatistics: true);
                var readAt = clock.Elapsed;
                latestAt ??= expected.LatestComplete(rows) ? readAt : null;
                statisticsAt ??= expected.StatisticsComplete(rows) ? readAt : null;
                if (latestAt is not null && barsAt is null)
                {
                    counts = await PricingTableReader.ScanMinuteCountsAsync(infra.DynamoDb, resources.QuoteBarsTable);
                    barsAt = expected.BarsComplete(counts) ? clock.Elapsed : null;
                }

                if (clock.Elapsed > Patience)
                {
                    throw new TimeoutException($"Pricing did not take in {quotes.Count} quotes within {Patience.TotalMinutes:0} min: {expected.Describe(rows, counts)}. Pricing output:{Environment.NewLine}{pricing.RecentOutput}");
                }

                await Task.Delay(CheckPause);
            }

            var publishTook = await publishing;
            var callsAfter = await PricingProcessProbe.DynamoDbCallsAsync(pricing, dynamoDb);
            var batches = PricingProcessProbe.Batches(pricing, startedAt);
            var warnings = PricingProcessProbe.Warnings(pricing);
            await pricing.StopAsync(TimeSpan.FromSeconds(30));
            var calls = callsAfter.Calls - callsBefore.Calls;
            return new PricingThroughput(
                quotes.Count / barsAt.Value.TotalSeconds,
                quotes.Count / statisticsAt.Value.TotalSeconds,
                publishTook.TotalSeconds,
                calls / quotes.Count,
                calls > 0 ? (callsAfter.Seconds - callsBefore.Seconds) * 1000 / calls : 0,
                Median(batches.Select(b => (double)b.Size)),
                Median(batches.Select(b => b.Milliseconds)),
                warnings);
        }
        finally
        {
            await PricingTables.DeleteAsync(infra, resources);
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, params ServiceProcess[] services)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, Patience);
        }
        catch (TimeoutException ex)
        {
            var output = string.Join(Environment.NewLine, services.Select(s => $"{s.Name} output:{Environment.NewLine}{s.RecentOutput}"));
            throw new TimeoutException($"{ex.Message}{Environment.NewLine}{output}", ex);
        }
    }

    /// <summary>Waits until the bridge process reads all <paramref name="shards"/> shards of its stream (its <c>/bridge/shards</c>).</summary>
    public static async Task WaitForShardsAsync(ServiceProcess bridge, int shards)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        using var http = new HttpClient { BaseAddress = bridge.BaseAddress };
        await WaitAsync(
            async () => (await http.GetStringAsync(new Uri("/bridge/shards", UriKind.Relative))).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == shards,
            "the bridge to hold every shard",
            bridge);
    }

    private static int Check(int delivered, int expected, string path) =>
        delivered == expected ? delivered : throw new InvalidOperationException($"The {path} wrote {delivered} of {expected} items.");

    private sealed record PricingThroughput(
        double Rate,
        double StatisticsRate,
        double PublishSeconds,
        double CallsPerQuote,
        double MeanCallMilliseconds,
        double BatchSize,
        double BatchMilliseconds,
        int Warnings);
}
