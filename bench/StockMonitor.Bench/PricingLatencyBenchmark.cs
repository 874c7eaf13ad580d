using System.Globalization;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// Kinesis put → latest table at a steady 1,000 quotes/s: a stream, a bridge process and a pricing process on fresh
/// resources; quotes put 100 per PutRecords call every 100 ms with observedAt = now, while a poller scans the latest
/// table. A quote's delay is when a scan first showed it (or a newer quote of its symbol) minus when the PutRecords
/// call that carried it returned.
/// </summary>
internal static class PricingLatencyBenchmark
{
    private const int Shards = 4;
    /// <summary>Quotes are put every 100 ms: rate / 10 per PutRecords call.</summary>
    private const int CallsPerSecond = 10;
    /// <summary>Least warm-up calls; more when the symbols do not fit in them, so that every symbol is known before the clock.</summary>
    private const int WarmUpCalls = 10;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(25);

    public static string Note => string.Create(CultureInfo.InvariantCulture,
        $"Latency: a {Shards}-shard stream, a bridge process (defaults: PollInterval 200 ms, GetRecordsLimit 1,000) and a pricing process (defaults: "
        + $"FlushInterval 100 ms, BarFlushInterval 1 s) on fresh tables; quotes are put rate/{CallsPerSecond} per PutRecords call every {1000 / CallsPerSecond} ms for {Duration.TotalSeconds:0} s, "
        + $"round-robin over the symbols (1,000/s over 100 symbols: every symbol once per call, 10 quotes/s each), each record's observedAt = the benchmark's clock when it was built. "
        + $"Before the measured part, {WarmUpCalls} calls of the same kind (more if needed, so that every symbol is put at least once: a steady state, no symbol new to pricing) warm the path up and are waited for. Meanwhile the benchmark scans the latest table "
        + $"(ConsistentRead, projection symbol + observedAt) with a {PollPause.TotalMilliseconds:0} ms pause between scans. A quote's delay = the instant the "
        + $"response of the first scan that showed its symbol at its observedAt or later was received − the instant the PutRecords call whose answer "
        + $"accepted it returned (both from this process's clock). Because the table is only looked at once per scan period, the figure overstates "
        + $"the true delay by up to one period (scan time + pause, in the table). A test consumer on the same bus records when each quote's QuotesReceived run "
        + $"reaches it: that share is Kinesis + bridge + RabbitMQ; the rest (reported per quote as test consumer → latest table) is pricing (the batch wait up to FlushInterval, then the batched writes) plus the polling. "
        + $"Batch figures are from the pricing process's last 200 log lines (the end of the run); DynamoDB calls (every call: reads, writes, the lease) from its `/metrics` "
        + $"over the measured part, divided by the quotes put.");

    public static async Task<PricingLatency> RunAsync(TestInfrastructure infra, int symbols, int rate)
    {
        var stream = TestInfrastructure.UniqueName("bench");
        await infra.Provisioner.EnsureStreamAsync(stream, Shards);
        var resources = await PricingTables.CreateAsync(infra, stream);
        var dynamoDb = new Uri(infra.Servers.AwsEnvironment["AWS_ENDPOINT_URL_DYNAMODB"]);
        try
        {
            var prefix = TestInfrastructure.UniqueName("bench");
            var settings = PricingTables.PricingSettings(infra, resources, prefix);
            settings["Bridge:InstanceId"] = "bench";
            await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing");
            await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge");
            await PricingBenchmark.WaitForShardsAsync(bridge, Shards);

            await using var observer = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
            await using var poller = LatestTablePoller.Start(infra.DynamoDb, resources.QuotesLatestTable, PollPause);

            var warmUpCalls = Math.Max(WarmUpCalls, (symbols + (rate / CallsPerSecond) - 1) / (rate / CallsPerSecond));
            var (warmUp, _) = await PutPacedAsync(infra, stream, symbols, rate, 0, warmUpCalls);
            await WaitShownAsync(poller, warmUp, "the warm-up quotes", pricing, bridge);

            var callsBefore = await PricingProcessProbe.DynamoDbCallsAsync(pricing, dynamoDb);
            var startedAt = DateTimeOffset.UtcNow;
            var (put, achieved) = await PutPacedAsync(infra, stream, symbols, rate, warmUpCalls, (int)(Duration.TotalSeconds * CallsPerSecond));
            await WaitShownAsync(poller, put, $"{put.Count} quotes in the latest table", pricing, bridge);
            var callsAfter = await PricingProcessProbe.DynamoDbCallsAsync(pricing, dynamoDb);
            await PricingBenchmark.WaitAsync(() => Task.FromResult(observer.QuoteCount() >= warmUp.Count + put.Count), "every quote at the test consumer", bridge);

            var received = observer.ReceivedQuotesWithTimes()
                .GroupBy(r => (r.Quote.Quote.Symbol, r.Quote.Quote.ObservedAt))
                .ToDictionary(g => g.Key, g => g.Min(r => r.ReceivedAt));
            var toConsumer = put.Select(p => (received[(p.Quote.Symbol, p.Quote.ObservedAt)] - p.ReturnedAt).TotalMilliseconds).Order().ToList();
            var toLatest = put.Select(p => (poller.FirstShowing(p.Quote.Symbol, p.Quote.ObservedAt)!.Value - p.ReturnedAt).TotalMilliseconds).Order().ToList();
            var share = put.Select(p => (poller.FirstShowing(p.Quote.Symbol, p.Quote.ObservedAt)!.Value - received[(p.Quote.Symbol, p.Quote.ObservedAt)]).TotalMilliseconds).Order().ToList();
            var (period, scan) = poller.Cadence;
            var batches = PricingProcessProbe.Batches(pricing, startedAt);
            var durations = batches.Select(b => b.Milliseconds).Order().ToList();
            var calls = callsAfter.Calls - callsBefore.Calls;
            var warnings = PricingProcessProbe.Warnings(pricing);
            await bridge.StopAsync(TimeSpan.FromSeconds(30));
            await pricing.StopAsync(TimeSpan.FromSeconds(30));
            return new PricingLatency(
                rate,
                symbols,
                achieved,
                put.Count,
                Percentile(toConsumer, 0.50),
                Percentile(toConsumer, 0.99),
                Percentile(toLatest, 0.50),
                Percentile(toLatest, 0.99),
                toLatest[^1],
                Percentile(share, 0.50),
                Percentile(share, 0.99),
                period.TotalMilliseconds,
                scan.TotalMilliseconds,
                PricingBenchmark.Median(batches.Select(b => (double)b.Size)),
                durations.Count > 0 ? Percentile(durations, 0.50) : double.NaN,
                durations.Count > 0 ? Percentile(durations, 0.90) : double.NaN,
                calls / put.Count,
                calls > 0 ? (callsAfter.Seconds - callsBefore.Seconds) * 1000 / calls : 0,
                poller.Regressions,
                warnings);
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(stream);
            await PricingTables.DeleteAsync(infra, resources);
        }
    }

    private static Task<(List<PacedPut.Put> Put, double Rate)> PutPacedAsync(TestInfrastructure infra, string stream, int symbols, int rate, int firstCall, int calls) =>
        PacedPut.RunAsync(infra, stream, rate, rate / CallsPerSecond, firstCall * (rate / CallsPerSecond), calls, n => NewQuote(n, symbols));

    private static Quote NewQuote(int n, int symbols)
    {
        var s = n % symbols;
        return new Quote($"SYM{s}", 50m + s + (n % 41 / 100m), "USD", 50m + s, 60m + s, 40m + s, 50m + s, 100_000m + n, DateTimeOffset.UtcNow, "bench");
    }

    private static Task WaitShownAsync(LatestTablePoller poller, List<PacedPut.Put> put, string what, params ServiceProcess[] services)
    {
        var last = put.GroupBy(p => p.Quote.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(p => p.Quote.ObservedAt), StringComparer.Ordinal);
        return PricingBenchmark.WaitAsync(
            () =>
            {
                var current = poller.Current();
                return Task.FromResult(last.All(l => current.TryGetValue(l.Key, out var seen) && seen >= l.Value));
            },
            what,
            services);
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

}
