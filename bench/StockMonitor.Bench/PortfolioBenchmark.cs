using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using StockMonitor.Auth;
using StockMonitor.Aws;
using StockMonitor.Portfolio.MovingCash;
using StockMonitor.Portfolio.OpeningPortfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.RecordingTrades;
using StockMonitor.Testing;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Bench;

/// <summary>
/// Trade commands (<c>POST /api/portfolios/{id}/trades</c>, a buy of one share) against the portfolio service running
/// as a process from its build output, vs raw Marten appends of the same <see cref="SharesBought"/> events to streams
/// of the same shape in the same database, and the same command done in process with Marten (no HTTP) in between.
/// Each round also times the in-process command's phases and reads a 100- and a 5,000-event portfolio
/// (<see cref="PortfolioReads"/>). Then the command latency at a steady 100 requests/s, open loop, next to raw appends at the same pace.
/// </summary>
internal static class PortfolioBenchmark
{
    private const int Concurrency = 16;
    private const int LatencyRate = 100;
    private const int WarmUpCommands = 20_000;
    private const string Owner = "bench";
    private const decimal Deposit = 10_000_000m;
    private const decimal Price = 10m;
    private const string RawSchema = "bench_raw";
    private const string CommandSchema = "bench_command";
    private static readonly TimeSpan LatencyWarmUp = TimeSpan.FromSeconds(5);
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "AMZN"];

    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var infra = await TestInfrastructure.GetAsync();
        var (trades, portfolios, seconds) = (settings.Trades, settings.Portfolios, settings.Seconds);
        var result = new BenchResult(
            $"Portfolio: trade commands over HTTP vs raw Marten appends ({trades:N0} buys over {portfolios} portfolios, {Concurrency} in flight)",
            $"./stockmonitor bench portfolio --trades {trades} --portfolios {portfolios} --seconds {seconds} --rounds {settings.Rounds}");
        var database = await infra.CreateDatabaseAsync();
        var prefix = TestInfrastructure.UniqueName("bench");
        // Pricing without data: valuations use the trade prices, returns are computed from them.
        using var pricing = PricingWithoutHistory.Start();
        var serviceSettings = infra.SettingsFor(new AwsResources(), prefix, database);
        serviceSettings["PricingApi:BaseUrl"] = pricing.BaseAddress.ToString();
        // One subject sends every command and opens fresh portfolios each round: no rate limit, no cap.
        serviceSettings["Portfolio:RateLimit:PermitLimit"] = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        serviceSettings["Portfolio:MaxPortfoliosPerOwner"] = int.MaxValue.ToString(CultureInfo.InvariantCulture);
        try
        {
            await using var service = await ServiceProcess.StartAsync("portfolio", "StockMonitor.Portfolio", serviceSettings, "portfolio");
            using var http = Client(service);
            using var raw = Store(database, RawSchema, snapshot: false);
            using var inProcess = Store(database, CommandSchema, snapshot: true);
            await raw.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await inProcess.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var appendMode = raw.Options.Events.AppendMode;
            var histories = await PortfolioReads.SeedAsync(database, Owner);
            var snapshotBytes = await PortfolioReads.SnapshotBytesAsync(database, histories);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    snapshot of the {PortfolioReads.ShortHistory}-event portfolio {snapshotBytes.Short:N0} B, of the {PortfolioReads.LongHistory:N0}-event one {snapshotBytes.Long:N0} B"));

            // JIT and connection pools of both processes, not measured.
            await RawAppendsAsync(raw, WarmUpCommands, Math.Min(portfolios, WarmUpCommands));
            await InProcessCommandsAsync(inProcess, WarmUpCommands, Math.Min(portfolios, WarmUpCommands), database);
            await HttpCommandsAsync(http, WarmUpCommands, Math.Min(portfolios, WarmUpCommands));

            for (var round = 1; round <= settings.Rounds; round++)
            {
                var cpu = ProcessCpu.Take();
                var rawRate = await RawAppendsAsync(raw, trades, portfolios);
                var rawCpu = ProcessCpu.Take();
                var (commandRate, profile) = await InProcessCommandsAsync(inProcess, trades, portfolios, database);
                var inProcessCpu = ProcessCpu.Take();
                var httpRate = await HttpCommandsAsync(http, trades, portfolios);
                var httpCpu = ProcessCpu.Take();
                foreach (var (path, split) in new[] { ("raw append", rawCpu.Since(cpu)), ("in-process command", inProcessCpu.Since(rawCpu)), ("HTTP command", httpCpu.Since(inProcessCpu)) })
                {
                    // Per command: the phase's CPU time by process (opening and checking the portfolios included).
                    foreach (var (process, used) in split.Where(p => p.Name is "postgres" or "StockMonitor.Portfolio" or "StockMonitor.Bench"))
                    {
                        result.Add($"CPU per {path}: {process}", "ms", used * 1000 / trades);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round {round}: CPU per {path}: {string.Join(", ", split.Select(p => $"{p.Name} {p.Seconds * 1000 / trades:0.00} ms"))}"));
                }

                var reads = await PortfolioReads.MeasureAsync(http, database, histories);
                result.Add("raw Marten append (one SharesBought per session, no projection)", "events/s", rawRate);
                result.Add("Marten command in process (state in memory, decide, versioned append, snapshot every 20 events)", "commands/s", commandRate);
                result.Add("HTTP POST /trades to the service process", "commands/s", httpRate);
                result.Add("ratio HTTP / raw append", "", httpRate / rawRate);
                result.Add("ratio HTTP / in-process command", "", httpRate / commandRate);
                result.Add("in process: state (memory, or snapshot + events after it), mean", "ms", profile.Fetch);
                result.Add("in process: decide, mean", "ms", profile.Decide);
                result.Add("in process: commit (events, and the snapshot every 20th), mean", "ms", profile.Commit);
                result.Add("snapshot size after the round, mean", "bytes", profile.SnapshotBytes);
                foreach (var (name, (mean, p50)) in reads)
                {
                    var label = name == "view 5000 rebuilt" ? "GET view 5000-event portfolio, returns checkpoint rebuilt each time" : $"GET {name}-event portfolio";
                    result.Add($"{label}, mean", "ms", mean);
                    result.Add($"{label}, p50", "ms", p50);
                }

                var viewRatio = reads["view 5000"].Mean / reads["view 100"].Mean;
                var performanceRatio = reads["performance 5000"].Mean / reads["performance 100"].Mean;
                result.Add("ratio GET view 5,000 / 100 events (mean)", "", viewRatio);
                result.Add("ratio GET performance 5,000 / 100 events (mean)", "", performanceRatio);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"    round {round}: in-process fetch {profile.Fetch:0.00} ms, decide {profile.Decide:0.00} ms, commit {profile.Commit:0.00} ms, snapshot {profile.SnapshotBytes:N0} B; GET view 100 {reads["view 100"].Mean:0.00} ms, 5,000 {reads["view 5000"].Mean:0.00} ms (ratio {viewRatio:0.00}); performance 100 {reads["performance 100"].Mean:0.00} ms, 5,000 {reads["performance 5000"].Mean:0.00} ms (ratio {performanceRatio:0.00})"));
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"    round {round}: raw {rawRate:N0}/s, in-process {commandRate:N0}/s, HTTP {httpRate:N0}/s; HTTP/raw {httpRate / rawRate:0.00}, HTTP/in-process {httpRate / commandRate:0.00}"));
            }

            for (var round = 1; round <= settings.Rounds; round++)
            {
                var commands = await HttpLatencyAsync(http, portfolios, seconds, round);
                var appends = await RawLatencyAsync(raw, portfolios, seconds, round);
                result.Add($"HTTP command rate achieved (target {LatencyRate}/s for {seconds} s)", "commands/s", commands.Rate);
                result.Add("HTTP command, send → response, p50", "ms", commands.P50);
                result.Add("HTTP command, send → response, p99", "ms", commands.P99);
                result.Add("HTTP command, send → response, max", "ms", commands.Max);
                result.Add("raw append at the same pace, p50", "ms", appends.P50);
                result.Add("raw append at the same pace, p99", "ms", appends.P99);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"    latency round {round}: {commands.Samples:N0} commands at {commands.Rate:0.0}/s, p50 {commands.P50:0.0} ms, p99 {commands.P99:0.0} ms, max {commands.Max:0} ms; raw append p50 {appends.P50:0.0} ms, p99 {appends.P99:0.0} ms"));
            }

            await service.StopAsync(TimeSpan.FromSeconds(30));
            result.Note(string.Create(
                CultureInfo.InvariantCulture,
                $"Reads: two portfolios are written before round 1 straight into the service's schema with the service's Marten registrations "
                + $"(`PortfolioStore.Configure`, snapshot stored at the end), one with {PortfolioReads.ShortHistory} events and one with {PortfolioReads.LongHistory:N0}, "
                + $"both spread evenly over the same {PortfolioReads.SpanDays} days up to yesterday: opening, a deposit, then per 20 events one deposit, one "
                + $"withdrawal, one fee and one dividend, the rest buys of 10 shares or, once 40 are held, sales of 30 (four symbols, drifting prices; "
                + $"FIFO keeps a few open lots per symbol). Stored snapshots: {snapshotBytes.Short:N0} and {snapshotBytes.Long:N0} bytes "
                + $"(`pg_column_size`). Each round, after the commands, `GET /api/portfolios/{{id}}` (holdings, valuation, returns since opening) and "
                + $"`GET .../performance` over the last {PortfolioReads.PerformanceDays} days, one request at a time, {20} warm-up requests each then 5 blocks of "
                + $"40 per path, alternating paths by block (the first view request of each portfolio builds its returns checkpoint, the rest read it), "
                + $"then 40 views of the 5,000-event portfolio with its checkpoint deleted before each (the rebuild a day's first read or a back-dated "
                + $"movement costs); pricing is a stand-in with no data (404 for bars, so values use trade prices). "
                + $"The in-process phases are Stopwatch sums over the round's commands divided by the commands (16 in flight, so they include waiting for connections)."));
            result.Note(string.Create(
                CultureInfo.InvariantCulture,
                $"Throughput: each round opens {portfolios} fresh portfolios (or streams) per path and funds them before the clock, then sends {trades:N0} buys of "
                + $"one share at {Price:0} (symbols rotating over {Symbols.Length}), round-robin over the portfolios, {Concurrency} in flight, so that "
                + $"concurrent commands rarely meet on one portfolio; every path appends the same `SharesBought` events to streams that start with "
                + $"`PortfolioOpened` + `CashDeposited`, in the same PostgreSQL database (each path in a schema of its own). **Raw**: a Marten "
                + $"`DocumentStore` in the benchmark process, one lightweight session per event, plain `session.Events.Append(id, event)` + "
                + $"`SaveChangesAsync` (no state, no version check, no snapshot; append mode {appendMode}, as the service); appends to one stream wait "
                + $"for each other on a lock in the benchmark process, since two plain appends at once to one stream collide on its version. **In process**: what the service "
                + $"does per command without HTTP: its turn on the portfolio in this process, the state from memory (`PortfolioStateCache`; "
                + $"on a miss the snapshot and the events after it), `RecordTradeDecision.Handle`, an append at the version decided on "
                + $"(fails if the stream moved on), the snapshot stored in the same transaction every 20 events. **HTTP**: the service running as a process "
                + $"(Release build) with a bearer token; besides the in-process work it validates the JWT and the body, folds the new state, "
                + $"shapes and serializes the portfolio view it answers with (holdings, lots, totals), over Kestrel and loopback HTTP/1.1. "
                + $"After each round every portfolio is checked (HTTP: `GET` the portfolio; in process: its snapshot; raw: the stream version): "
                + $"version, quantity held = buys sent, cash = deposit − cost; any non-2xx response aborts the run. A warm-up of "
                + $"{WarmUpCommands} commands per path precedes round 1."));
            result.Note(string.Create(
                CultureInfo.InvariantCulture,
                $"Latency: open loop, one command sent every {1000 / LatencyRate} ms on an absolute schedule whatever the responses, for "
                + $"{LatencyWarmUp.TotalSeconds:0} s of warm-up (not counted) + {seconds} s, to {portfolios} fresh portfolios drawn at random per "
                + $"command (so two commands on one portfolio sometimes overlap and the second waits for its turn); the figure is "
                + $"the benchmark's clock from sending the request to having read the whole response. The raw append row paces raw appends the "
                + $"same way to fresh streams. Client, service and PostgreSQL share the machine's cores, so both include scheduling delays."));
            return result;
        }
        finally
        {
            await DropDatabaseAsync(infra, database);
        }
    }

    private static HttpClient Client(ServiceProcess service)
    {
        var http = new HttpClient { BaseAddress = service.BaseAddress };
        var token = LocalTokens.Mint(new JwtSettings(), Owner, Scopes.All, TimeSpan.FromHours(12), DateTimeOffset.UtcNow);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A store on the benchmark's database configured as the service's (snapshot) or with no projection at all (raw).</summary>
    private static DocumentStore Store(string database, string schema, bool snapshot) =>
        DocumentStore.For(options =>
        {
            options.Connection(database);
            options.DatabaseSchemaName = schema;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            if (snapshot)
            {
                PortfolioStore.Configure(options);
            }
        });

    private static SharesBought Buy(Guid id, int command, int portfolios) =>
        new(id, Symbols[command / portfolios % Symbols.Length], 1m, Price, 0m, DateTimeOffset.UtcNow);

    /// <summary>How many of <paramref name="trades"/> round-robin commands land on each of <paramref name="portfolios"/>.</summary>
    private static int[] RoundRobin(int trades, int portfolios) =>
        Enumerable.Range(0, portfolios).Select(k => (trades / portfolios) + (k < trades % portfolios ? 1 : 0)).ToArray();

    private static async Task<double> RawAppendsAsync(DocumentStore store, int trades, int portfolios)
    {
        var ids = await OpenStreamsAsync(store, portfolios);
        var gates = Gates(portfolios);
        var rate = await ThroughputAsync(trades, i => AppendAsync(store, gates[i % portfolios], ids[i % portfolios], i, portfolios));
        await CheckStreamsAsync(store, ids, RoundRobin(trades, portfolios), "raw append");
        return rate;
    }

    /// <summary>The in-process path, timed per phase (Stopwatch around each step, summed over all commands).</summary>
    private static async Task<(double Rate, (double Fetch, double Decide, double Commit, double SnapshotBytes) Profile)> InProcessCommandsAsync(
        DocumentStore store, int trades, int portfolios, string database)
    {
        var ids = await OpenStreamsAsync(store, portfolios, snapshot: true);
        var options = new SnapshotOptions();
        using var states = new PortfolioStateCache(Options.Create(options));
        long fetch = 0, decide = 0, commit = 0;
        var rate = await ThroughputAsync(trades, async i =>
        {
            // As PortfolioCommands: this process's commands on one portfolio take turns, the state comes from memory (or
            // the snapshot and the events after it), and the append at the version decided on fails if the stream moved on.
            var id = ids[i % portfolios];
            var bought = Buy(id, i, portfolios);
            using var turn = await states.TurnAsync(id, CancellationToken.None);
            await using var session = store.LightweightSession();
            var started = Stopwatch.GetTimestamp();
            var loaded = states.Get(id) ?? await PortfolioSnapshots.LoadAsync(session, id, CancellationToken.None) ?? throw new InvalidOperationException($"No portfolio {id}.");
            var fetched = Stopwatch.GetTimestamp();
            var trade = new RecordTrade(bought.Symbol, TradeSide.Buy, bought.Quantity, bought.Price, bought.Fees, bought.ExecutedAt);
            var state = loaded.State;
            IReadOnlyList<object> events;
            try
            {
                events = RecordTradeDecision.Handle(state, trade);
            }
            catch (HistoryNeededException)
            {
                // As the service: a command that took its turn after a later one is back-dated (by microseconds) and replays.
                state = await PortfolioHistory.WithHistoryAsync(session, state, CancellationToken.None);
                events = RecordTradeDecision.Handle(state, trade);
            }

            var after = events.Aggregate(state, (s, e) => s.After(e));
            var snapshotVersion = PortfolioSnapshots.Append(session, after, events, loaded.SnapshotVersion, options.SnapshotEvery);

            var decided = Stopwatch.GetTimestamp();
            await session.SaveChangesAsync();
            states.Set(new LoadedPortfolio(after, snapshotVersion));
            Interlocked.Add(ref fetch, fetched - started);
            Interlocked.Add(ref decide, decided - fetched);
            Interlocked.Add(ref commit, Stopwatch.GetTimestamp() - decided);
        });
        var expected = RoundRobin(trades, portfolios);
        await using var query = store.QuerySession();
        for (var k = 0; k < ids.Length; k++)
        {
            var state = (await PortfolioSnapshots.LoadAsync(query, ids[k], CancellationToken.None))?.State ?? throw new InvalidOperationException($"The in-process path lost portfolio {ids[k]}.");
            Check(state.Version, state.Ledger.Holdings.Values.Sum(h => h.Quantity), state.Ledger.Cash, expected[k], "in-process command", ids[k]);
        }

        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency / trades;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var size = new NpgsqlCommand($"select avg(pg_column_size(data))::float8 from {CommandSchema}.mt_doc_portfolio where id = any(@ids)", connection);
        size.Parameters.AddWithValue("ids", ids);
        var bytes = (double)(await size.ExecuteScalarAsync() ?? 0d);
        return (rate, (Ms(fetch), Ms(decide), Ms(commit), bytes));
    }

    private static async Task<double> HttpCommandsAsync(HttpClient http, int trades, int portfolios)
    {
        var ids = await OpenOverHttpAsync(http, portfolios);
        var rate = await ThroughputAsync(trades, i => BuyOverHttpAsync(http, ids[i % portfolios], i, portfolios));
        await CheckOverHttpAsync(http, ids, RoundRobin(trades, portfolios));
        return rate;
    }

    /// <summary>
    /// One plain append in a session of its own. Appends to one stream wait for each other in this process: two plain
    /// appends at once to one stream can take the same next version, and the second then fails on
    /// <c>pk_mt_events_stream_and_version</c> (seen in this benchmark); the service makes its commands on one portfolio take turns the same way.
    /// </summary>
    private static async Task AppendAsync(DocumentStore store, SemaphoreSlim gate, Guid id, int command, int portfolios)
    {
        await gate.WaitAsync();
        try
        {
            await using var session = store.LightweightSession();
            session.Events.Append(id, Buy(id, command, portfolios));
            await session.SaveChangesAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    private static SemaphoreSlim[] Gates(int count) => Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary><paramref name="count"/> commands, <see cref="Concurrency"/> at a time, each taking the next number; returns commands/s.</summary>
    private static async Task<double> ThroughputAsync(int count, Func<int, Task> command)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await command(i);
            }
        }));
        clock.Stop();
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double Rate, double P50, double P99, double Max, int Samples)> HttpLatencyAsync(HttpClient http, int portfolios, int seconds, int round)
    {
        var ids = await OpenOverHttpAsync(http, portfolios);
        var picks = Picks(portfolios, seconds, round);
        var paced = await PacedAsync(picks.Length, i => BuyOverHttpAsync(http, ids[picks[i]], i, portfolios));
        await CheckOverHttpAsync(http, ids, Counts(picks, portfolios));
        return paced;
    }

    private static async Task<(double Rate, double P50, double P99, double Max, int Samples)> RawLatencyAsync(DocumentStore store, int portfolios, int seconds, int round)
    {
        var ids = await OpenStreamsAsync(store, portfolios);
        var gates = Gates(portfolios);
        var picks = Picks(portfolios, seconds, round);
        var paced = await PacedAsync(picks.Length, i => AppendAsync(store, gates[picks[i]], ids[picks[i]], i, portfolios));
        await CheckStreamsAsync(store, ids, Counts(picks, portfolios), "raw append at 100/s");
        return paced;
    }

    /// <summary>The portfolio of each command of a latency run (warm-up included), drawn at random, the same for each path of a round.</summary>
    private static int[] Picks(int portfolios, int seconds, int round)
    {
#pragma warning disable CA5394 // Not security: a reproducible spread of commands over portfolios.
        var random = new Random(round);
        return Enumerable.Range(0, (int)((LatencyWarmUp.TotalSeconds + seconds) * LatencyRate)).Select(_ => random.Next(portfolios)).ToArray();
#pragma warning restore CA5394
    }

    private static int[] Counts(int[] picks, int portfolios)
    {
        var counts = new int[portfolios];
        foreach (var pick in picks)
        {
            counts[pick]++;
        }

        return counts;
    }

    /// <summary>
    /// Starts command i at i / <see cref="LatencyRate"/> seconds whether or not earlier ones have answered (open loop), and
    /// times each from its start to its completion; the first <see cref="LatencyWarmUp"/> is not counted.
    /// </summary>
    private static async Task<(double Rate, double P50, double P99, double Max, int Samples)> PacedAsync(int count, Func<int, Task> command)
    {
        var warmUp = (int)(LatencyWarmUp.TotalSeconds * LatencyRate);
        var latencies = new double[count];
        var running = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        var measuredFrom = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            // An absolute schedule: a late wake-up sends the next commands at once instead of lowering the rate.
            var due = TimeSpan.FromSeconds((double)i / LatencyRate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            if (i == warmUp)
            {
                measuredFrom = clock.Elapsed;
            }

            running.Add(TimeAsync(i));
        }

        var rate = (count - warmUp) / (clock.Elapsed - measuredFrom).TotalSeconds;
        await Task.WhenAll(running);
        var sorted = latencies.Skip(warmUp).Order().ToList();
        return (rate, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1], sorted.Count);

        async Task TimeAsync(int i)
        {
            var start = Stopwatch.GetTimestamp();
            await command(i);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Streams as a funded portfolio's: <see cref="PortfolioOpened"/> and <see cref="CashDeposited"/>, opened <see cref="Concurrency"/> at a time.</summary>
    private static async Task<Guid[]> OpenStreamsAsync(DocumentStore store, int count, bool snapshot = false)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (id, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            await using var session = store.LightweightSession();
            object[] opening = [new PortfolioOpened(id, "bench", Owner, "USD", now), new CashDeposited(id, Deposit, now)];
            if (snapshot)
            {
                PortfolioSnapshots.StartStream(session, id, opening);
            }
            else
            {
                session.Events.StartStream<PortfolioState>(id, opening);
            }

            await session.SaveChangesAsync(cancellationToken);
        });
        return ids;
    }

    private static async Task CheckStreamsAsync(DocumentStore store, Guid[] ids, int[] expected, string path)
    {
        await using var query = store.QuerySession();
        for (var k = 0; k < ids.Length; k++)
        {
            var state = await query.Events.FetchStreamStateAsync(ids[k]);
            if (state?.Version != 2 + expected[k])
            {
                throw new InvalidOperationException($"The {path} path left stream {ids[k]} at version {state?.Version}, expected {2 + expected[k]}.");
            }
        }
    }

    private static async Task<Guid[]> OpenOverHttpAsync(HttpClient http, int count)
    {
        var ids = new Guid[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (k, cancellationToken) =>
        {
            using var opened = await http.PostAsJsonAsync(new Uri("/api/portfolios", UriKind.Relative), new OpenPortfolioRequest($"bench {k}"), cancellationToken);
            var id = (await SuccessAsync(opened, "open a portfolio"))["id"]!.GetValue<Guid>();
            using var deposited = await http.PostAsJsonAsync(new Uri($"/api/portfolios/{id}/deposits", UriKind.Relative), new CashRequest(Deposit), cancellationToken);
            await SuccessAsync(deposited, "deposit");
            ids[k] = id;
        });
        return ids;
    }

    private static async Task BuyOverHttpAsync(HttpClient http, Guid id, int command, int portfolios)
    {
        var bought = Buy(id, command, portfolios);
        using var response = await http.PostAsJsonAsync(
            new Uri($"/api/portfolios/{id}/trades", UriKind.Relative),
            new RecordTradeRequest(bought.Symbol, "buy", bought.Quantity, bought.Price, bought.ExecutedAt));
        // The whole answer is read, not parsed: the raw path parses nothing either (the portfolios are checked after the round).
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"record a trade: {(int)response.StatusCode} {response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }
    }

    private static async Task CheckOverHttpAsync(HttpClient http, Guid[] ids, int[] expected)
    {
        for (var k = 0; k < ids.Length; k++)
        {
            using var response = await http.GetAsync(new Uri($"/api/portfolios/{ids[k]}", UriKind.Relative));
            var view = await SuccessAsync(response, "get a portfolio");
            var quantity = view["holdings"]!.AsArray().Sum(h => h!["quantity"]!.GetValue<decimal>());
            Check(view["version"]!.GetValue<long>(), quantity, view["cash"]!.GetValue<decimal>(), expected[k], "HTTP", ids[k]);
        }
    }

    private static void Check(long version, decimal quantity, decimal cash, int buys, string path, Guid id)
    {
        if (version != 2 + buys || quantity != buys || cash != Deposit - (buys * Price))
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The {path} path left portfolio {id} at version {version}, {quantity} shares, cash {cash}; expected version {2 + buys}, {buys} shares, cash {Deposit - (buys * Price)}."));
        }
    }

    private static async Task<JsonNode> SuccessAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body) ?? throw new InvalidOperationException($"Empty answer to {what}.")
            : throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {response.StatusCode}: {body}");
    }

    private static async Task DropDatabaseAsync(TestInfrastructure infra, string database)
    {
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(infra.Servers.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
