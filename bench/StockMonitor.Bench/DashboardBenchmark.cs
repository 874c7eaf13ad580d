using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// Tick → browser: quotes put into Kinesis reach the market page of a real headless Chromium through the bridge,
/// pricing and the dashboard, each a process from its build output on fresh resources. The page's DOM is watched by
/// a MutationObserver injected before it loads: each time a row's price changes it notes the symbol, the quote's
/// observedAt, the instant the dashboard received its PriceChanged (the row carries it) and the instant of the
/// change (epoch ms from <c>Date.now()</c>: the wall clock the benchmark reads too, same machine). Two phases: idle
/// (10 quotes/s) and load (1,000 quotes/s), both over 100 symbols. In the same run a poller scans the latest table,
/// for the put → latest-table figure of the same quotes.
/// </summary>
internal static class DashboardBenchmark
{
    private const int Shards = 4;
    private const int Symbols = 100;
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(25);

    private static readonly Phase[] Phases =
    [
        new("idle", Rate: 10, PerCall: 1, Duration: TimeSpan.FromSeconds(20)),
        new("load", Rate: 1_000, PerCall: 100, Duration: TimeSpan.FromSeconds(20)),
    ];

    // Notes each change of a price cell (and each new row): symbol, observedAt, receivedAt, when; and when each price
    // arrived in a `quotes` event, before the page's handler ran (to split the share into server + transport and page).
    private const string Recorder = """
        window.__renders = [];
        window.__arrivals = {};
        (() => {
          const add = EventSource.prototype.addEventListener;
          EventSource.prototype.addEventListener = function (type, listener, options) {
            if (type === "quotes") {
              add.call(this, type, (event) => {
                const t = Date.now();
                for (const q of JSON.parse(event.data)) window.__arrivals[q.symbol + "|" + q.observedAt] = t;
              }, options);
            }
            return add.call(this, type, listener, options);
          };
          const note = (row, cell, t) => window.__renders.push([row.dataset.symbol, row.dataset.observedAt, cell.dataset.receivedAt || "", t, window.__arrivals[row.dataset.symbol + "|" + row.dataset.observedAt] ?? null]);
          new MutationObserver((mutations) => {
            const t = Date.now();
            for (const m of mutations) {
              for (const added of m.addedNodes) {
                if (added.nodeType === 1 && added.matches("tr[data-symbol]")) note(added, added.querySelector("td.price"), t);
              }
              const cell = m.target.nodeType === 1 ? m.target : m.target.parentElement;
              if (cell && cell.classList && cell.classList.contains("price") && cell.closest("tr")?.isConnected) note(cell.closest("tr"), cell, t);
            }
          }).observe(document, { subtree: true, childList: true, characterData: true });
        })();
        """;

    public static string Note =>
        FormattableString.Invariant($"A {Shards}-shard stream, a bridge, pricing and the dashboard (defaults: QuoteInterval 200 ms, so a symbol reaches a page at most 5 times a second) as processes, ")
        + "and Debian's Chromium (headless, Playwright) on the market page, which follows every symbol. Phases: "
        + string.Join("; ", Phases.Select(p => FormattableString.Invariant($"{p.Name}: {p.Rate:N0} quotes/s ({p.PerCall} per PutRecords call) for {p.Duration.TotalSeconds:0} s")))
        + FormattableString.Invariant($", round-robin over {Symbols} symbols, each record's observedAt = the benchmark's clock when it was built. ")
        + "A MutationObserver injected before the page loads notes every change of a row's price cell. A quote's **tick → browser** delay = the first change "
        + "that showed its symbol at its observedAt or later − the instant the PutRecords call that carried it returned; a quote coalesced away counts "
        + "until a newer one of its symbol is on screen (what the user sees). The **dashboard's share** = each shown change − the instant the dashboard "
        + "received that price's PriceChanged (it includes the coalescing wait, the Server-Sent Events write and the page's rendering). "
        + FormattableString.Invariant($"In the same run a poller scans the latest table (consistent reads, {PollPause.TotalMilliseconds:0} ms pause) for the put → latest table figure ")
        + "of the same quotes (overstated by up to one scan period). The share is split at the instant the `quotes` event reaches the page "
        + "(a listener the recorder adds before the page's own); the dashboard's own `stockmonitor.dashboard.price.delay` histogram gives the bucket "
        + "its received → written p99 falls in.";

    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: ./stockmonitor bench installs it (apt-get install -y chromium).");
        }

        var infra = await TestInfrastructure.GetAsync();
        var result = new BenchResult(
            $"Dashboard: tick → browser, in headless Chromium ({Symbols} symbols)",
            $"./stockmonitor bench dashboard --rounds {settings.Rounds}");
        for (var round = 1; round <= settings.Rounds; round++)
        {
            Console.WriteLine($"    round {round}/{settings.Rounds}…");
            foreach (var phase in await RunRoundAsync(infra))
            {
                Console.WriteLine($"    {phase.Summary}");
                phase.AddTo(result);
            }
        }

        result.Note(Note);
        return result;
    }

    private static async Task<IReadOnlyList<PhaseResult>> RunRoundAsync(TestInfrastructure infra)
    {
        var stream = TestInfrastructure.UniqueName("bench");
        await infra.Provisioner.EnsureStreamAsync(stream, Shards);
        var resources = await PricingTables.CreateAsync(infra, stream);
        try
        {
            var prefix = TestInfrastructure.UniqueName("bench");
            var settings = infra.SettingsFor(resources, prefix);
            settings["Bridge:InstanceId"] = "bench";
            await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing");
            await using var bridge = await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge");
            var dashboardSettings = new Dictionary<string, string>(settings) { ["STOCKMONITOR_PRICING_URL"] = pricing.BaseAddress.ToString() };
            await using var dashboard = await ServiceProcess.StartAsync("dashboard", "StockMonitor.Dashboard", dashboardSettings, "dashboard");
            await PricingBenchmark.WaitForShardsAsync(bridge, Shards);

            await using var poller = LatestTablePoller.Start(infra.DynamoDb, resources.QuotesLatestTable, PollPause);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            await page.AddInitScriptAsync(Recorder);
            await page.GotoAsync(dashboard.BaseAddress.ToString());
            await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });

            // Warm-up: every symbol once, so each phase measures updates of rows that exist.
            var number = 0;
            var (warmUp, _) = await PacedPut.RunAsync(infra, stream, 1_000, Symbols, number, 1, NewQuote);
            number += warmUp.Count;
            await WaitOnPageAsync(page, warmUp, "the warm-up quotes on the page", pricing, bridge, dashboard);

            var results = new List<PhaseResult>();
            foreach (var phase in Phases)
            {
                var rendersBefore = await page.EvaluateAsync<int>("window.__renders.length");
                var delaysBefore = await DashboardProcessProbe.DelayBucketsAsync(dashboard);
                var calls = (int)(phase.Duration.TotalSeconds * phase.Rate / phase.PerCall);
                var (put, rate) = await PacedPut.RunAsync(infra, stream, phase.Rate, phase.PerCall, number, calls, NewQuote);
                number += put.Count;
                await WaitOnPageAsync(page, put, $"the {phase.Name} quotes on the page", pricing, bridge, dashboard);
                await WaitInTableAsync(poller, put, $"the {phase.Name} quotes in the latest table", pricing, bridge);
                var renders = (await ReadRendersAsync(page)).Skip(rendersBefore).ToList();
                var delays = await DashboardProcessProbe.DelayBucketsAsync(dashboard);
                var sent = put.Select(p => new Sent(p.Quote.Symbol, p.Quote.ObservedAt, p.ReturnedAt)).ToList();
                results.Add(PhaseResult.Of(phase, rate, sent, renders, s => poller.FirstShowing(s.Symbol, s.ObservedAt)) with { WrittenP99 = DashboardProcessProbe.Percentile(delaysBefore, delays, 0.99) });
            }


            await dashboard.StopAsync(TimeSpan.FromSeconds(30));
            await bridge.StopAsync(TimeSpan.FromSeconds(30));
            await pricing.StopAsync(TimeSpan.FromSeconds(30));
            return results;
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(stream);
            await PricingTables.DeleteAsync(infra, resources);
        }
    }

    /// <summary>Quote number <paramref name="n"/>: symbols in turn; each symbol's price goes up a cent at each of its quotes, so no two are alike.</summary>
    private static Quote NewQuote(int n)
    {
        var s = n % Symbols;
        var price = 100m + s + (n / Symbols % 5_000 / 100m);
        return new Quote($"WEB{s}", price, "USD", 100m + s, price + 1, 100m + s - 1, 100m + s, 1_000m + n, DateTimeOffset.UtcNow, "bench");
    }

    private static async Task<List<Render>> ReadRendersAsync(IPage page)
    {
        var raw = await page.EvaluateAsync<JsonElement>("window.__renders");
        return raw.EnumerateArray().Select(r => new Render(
            r[0].GetString()!,
            DateTimeOffset.Parse(r[1].GetString()!, CultureInfo.InvariantCulture),
            r[2].GetString() is { Length: > 0 } rx ? DateTimeOffset.Parse(rx, CultureInfo.InvariantCulture) : null,
            r[3].GetDouble(),
            r[4].ValueKind == JsonValueKind.Number ? r[4].GetDouble() : null)).ToList();
    }

    private static Task WaitOnPageAsync(IPage page, List<PacedPut.Put> put, string what, params ServiceProcess[] services) =>
        WaitOnPageAsync(page, Newest(put), what, services);

    private static Task WaitOnPageAsync(IPage page, Dictionary<string, DateTimeOffset> last, string what, params ServiceProcess[] services)
    {
        return PricingBenchmark.WaitAsync(
            async () =>
            {
                var shown = await page.EvaluateAsync<JsonElement>("Object.fromEntries([...document.querySelectorAll('#quotes tr')].map(r => [r.dataset.symbol, r.dataset.observedAt]))");
                return last.All(l => shown.TryGetProperty(l.Key, out var at) && DateTimeOffset.Parse(at.GetString()!, CultureInfo.InvariantCulture) >= l.Value);
            },
            what,
            services);
    }

    private static Task WaitInTableAsync(LatestTablePoller poller, List<PacedPut.Put> put, string what, params ServiceProcess[] services)
    {
        var last = Newest(put);
        return PricingBenchmark.WaitAsync(
            () =>
            {
                var current = poller.Current();
                return Task.FromResult(last.All(l => current.TryGetValue(l.Key, out var seen) && seen >= l.Value));
            },
            what,
            services);
    }

    private static Dictionary<string, DateTimeOffset> Newest(List<PacedPut.Put> put) =>
        put.GroupBy(p => p.Quote.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(p => p.Quote.ObservedAt), StringComparer.Ordinal);

    private sealed record Phase(string Name, int Rate, int PerCall, TimeSpan Duration);

    /// <summary>A price the benchmark put into Kinesis, with when the call that carried it returned.</summary>
    private sealed record Sent(string Symbol, DateTimeOffset ObservedAt, DateTimeOffset SentAt);

    /// <summary>One change of a row's price on the page: its quote's observedAt, when the dashboard received it, when the page showed it (epoch ms).</summary>
    /// <param name="ArrivedAtMs">When the <c>quotes</c> event that carried it reached the page, before the page handled it (null for a snapshot).</param>
    private sealed record Render(string Symbol, DateTimeOffset ObservedAt, DateTimeOffset? ReceivedAt, double ShownAtMs, double? ArrivedAtMs);

    private sealed record PhaseResult(
        string Name,
        double Rate,
        int Samples,
        double BrowserP50,
        double BrowserP99,
        double LatestP50,
        double LatestP99,
        double ShareP50,
        double ShareP99,
        double ShareMax,
        double ServerP99,
        double PageP99,
        int Renders,
        double MostUpdatesPerSymbolSecond)
    {
        /// <summary>The dashboard process's own p99 of PriceChanged received → written to the stream (bucket bound of its histogram).</summary>
        public double WrittenP99 { get; init; } = double.NaN;

        public string Summary => string.Create(CultureInfo.InvariantCulture,
            $"{Name}: {Samples:N0} quotes at {Rate:N0}/s; put → browser p50 {BrowserP50:0} ms, p99 {BrowserP99:0} ms; put → latest table p50 {LatestP50:0} ms, p99 {LatestP99:0} ms; "
            + $"dashboard's share p50 {ShareP50:0} ms, p99 {ShareP99:0} ms, max {ShareMax:0} ms over {Renders:N0} changes shown (p99 received → arrived in the page {ServerP99:0} ms, of which received → written ≤ {WrittenP99:0} ms by the dashboard's own histogram; arrived → shown {PageP99:0} ms); at most {MostUpdatesPerSymbolSecond:0} updates of a symbol in a second");

        /// <param name="inTable">When the latest table first showed a sent price.</param>
        public static PhaseResult Of(Phase phase, double rate, List<Sent> sent, List<Render> renders, Func<Sent, DateTimeOffset?> inTable)
        {
            var bySymbol = renders.GroupBy(r => r.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(r => r.ShownAtMs).ToList(), StringComparer.Ordinal);
            var toBrowser = sent.Select(p =>
                {
                    var shown = bySymbol[p.Symbol].First(r => r.ObservedAt >= p.ObservedAt);
                    return shown.ShownAtMs - EpochMs(p.SentAt);
                })
                .Order()
                .ToList();
            var toLatest = sent.Select(p => (inTable(p)!.Value - p.SentAt).TotalMilliseconds).Order().ToList();
            var share = renders.Where(r => r.ReceivedAt is not null).Select(r => r.ShownAtMs - EpochMs(r.ReceivedAt!.Value)).Order().ToList();
            var arrived = renders.Where(r => r.ReceivedAt is not null && r.ArrivedAtMs is not null).ToList();
            var server = arrived.Select(r => r.ArrivedAtMs!.Value - EpochMs(r.ReceivedAt!.Value)).Order().ToList();
            var onPage = arrived.Select(r => r.ShownAtMs - r.ArrivedAtMs!.Value).Order().ToList();
            var mostPerSecond = renders.GroupBy(r => (r.Symbol, Second: Math.Floor(r.ShownAtMs / 1000))).Max(g => g.Count());
            return new PhaseResult(
                phase.Name,
                rate,
                sent.Count,
                PricingLatencyBenchmark.Percentile(toBrowser, 0.50),
                PricingLatencyBenchmark.Percentile(toBrowser, 0.99),
                PricingLatencyBenchmark.Percentile(toLatest, 0.50),
                PricingLatencyBenchmark.Percentile(toLatest, 0.99),
                PricingLatencyBenchmark.Percentile(share, 0.50),
                PricingLatencyBenchmark.Percentile(share, 0.99),
                share[^1],
                PricingLatencyBenchmark.Percentile(server, 0.99),
                PricingLatencyBenchmark.Percentile(onPage, 0.99),
                renders.Count,
                mostPerSecond);
        }

        public void AddTo(BenchResult result)
        {
            result.Add($"{Name}: put rate achieved (target {Phases.Single(p => p.Name == Name).Rate:N0}/s)", "quotes/s", Rate);
            result.Add($"{Name}: **put returned → browser shows it, p50**", "ms", BrowserP50);
            result.Add($"{Name}: **put returned → browser shows it, p99**{(Name == "load" ? " (goal ≤ 1,000 ms)" : "")}", "ms", BrowserP99);
            result.Add($"{Name}: put returned → latest table shows it, p50", "ms", LatestP50);
            result.Add($"{Name}: put returned → latest table shows it, p99", "ms", LatestP99);

            result.Add($"{Name}: **dashboard's share (PriceChanged received → DOM), p50**", "ms", ShareP50);
            result.Add($"{Name}: **dashboard's share (PriceChanged received → DOM), p99** (goal ≤ 100 ms)", "ms", ShareP99);
            result.Add($"{Name}: dashboard's share, max", "ms", ShareMax);
            result.Add($"{Name}: dashboard's share, p99 of its first part: PriceChanged received → the event arrives in the page", "ms", ServerP99);
            result.Add($"{Name}: dashboard process's own histogram: PriceChanged received → written to the stream, p99 (bucket bound)", "ms", WrittenP99);
            result.Add($"{Name}: dashboard's share, p99 of its second part: the event arrives → the page shows the price", "ms", PageP99);
            result.Add($"{Name}: price changes shown on the page", "", Renders);
            result.Add($"{Name}: most updates of one symbol in one second", "", MostUpdatesPerSymbolSecond);
        }

        private static double EpochMs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;
    }
}
