using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StockMonitor.Ingestion.AlphaVantage;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>Scheduling and rate limits, driven step by step on a fake clock against a real fake server.</summary>
public class AlphaVantagePollerTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(7, 7)]
    [InlineData(5, 12)]
    [InlineData(25, 4)]
    public async Task When_tokens_are_spread_over_symbols_then_each_gets_its_fair_share(int tokens, int symbolCount)
    {
        var symbols = Enumerable.Range(0, symbolCount).Select(i => $"S{i:00}").ToList();
        await using var harness = await PollerHarness.StartAsync(symbols, tokens.ToString(CultureInfo.InvariantCulture), MovingQuotes);

        await harness.PollAsync(tokens);

        Assert.Equal(0, harness.Poller.Bucket.Available);
        var counts = symbols.Select(harness.Server.RequestsFor).ToList();
        Assert.Equal(tokens, counts.Sum());
        Assert.All(counts, c => Assert.InRange(c, tokens / symbolCount, (tokens + symbolCount - 1) / symbolCount));
        Assert.All(harness.Server.Requests, r => Assert.Equal(("GLOBAL_QUOTE", "POLLERTESTKEY"), (r.Function, r.ApiKey)));
    }

    [Fact]
    public async Task When_the_plan_is_free_then_its_25_requests_are_spread_over_the_day_not_spent_at_start()
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "free", MovingQuotes);

        var first = await harness.PollOnceAsync();
        var wait = await harness.PollOnceAsync();
        harness.Time.Advance(wait - TimeSpan.FromTicks(1));
        var justBefore = await harness.PollOnceAsync();
        harness.Time.Advance(TimeSpan.FromTicks(1));
        var due = await harness.PollOnceAsync();

        Assert.Equal((TimeSpan.Zero, TimeSpan.FromDays(1) / 25, TimeSpan.FromTicks(1), TimeSpan.Zero), (first, wait, justBefore, due));
        Assert.Equal(["AAA", "BBB"], harness.Server.Requests.OrderBy(r => r.Sequence).Select(r => r.Symbols[0]));
    }

    [Fact]
    public async Task When_the_plan_allows_600_a_minute_then_requests_are_spread_evenly_with_no_start_up_burst()
    {
        var symbols = Enumerable.Range(0, 100).Select(i => $"S{i:000}").ToList();
        await using var harness = await PollerHarness.StartAsync(symbols, "600", MovingQuotes);

        var made = await harness.RunAsync(TimeSpan.FromSeconds(3), maxRequests: 100);

        var perSecond = made.GroupBy(t => (t - PollerHarness.Start).Ticks / TimeSpan.TicksPerSecond).Select(g => g.Count()).ToList();
        Assert.Equal([10, 10, 10], perSecond);
        Assert.All(made.Zip(made.Skip(1)), pair => Assert.Equal(TimeSpan.FromMilliseconds(100), pair.Second - pair.First));
    }

    [Fact]
    public async Task When_the_plan_exceeds_what_the_symbols_need_then_each_symbol_is_polled_at_most_once_per_interval()
    {
        var symbols = Enumerable.Range(0, 8).Select(i => $"S{i}").ToList();
        await using var harness = await PollerHarness.StartAsync(symbols, "600", MovingQuotes, o => o.MinSymbolInterval = TimeSpan.FromSeconds(5));

        var made = await harness.RunAsync(TimeSpan.FromMinutes(1), maxRequests: 200);

        // 600 a minute would be 75 requests per symbol; one every 5 s is 12.
        Assert.Equal(8 * 12, made.Count);
        Assert.All(symbols, s => Assert.Equal(12, harness.Server.RequestsFor(s)));
        var perSymbol = harness.Server.Requests.OrderBy(r => r.Sequence).Zip(made).GroupBy(p => p.First.Symbols[0], p => p.Second);
        Assert.All(perSymbol, times => Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task When_the_source_is_unreachable_then_requests_back_off_and_the_outage_is_logged_once_with_a_count()
    {
        var port = LocalPort.Free();
        await using var harness = await PollerHarness.StartAsync(["AAA"], "600", MovingQuotes, o =>
        {
            o.BaseUrl = new Uri($"http://127.0.0.1:{port}");
            o.MaxFailureBackoff = TimeSpan.FromSeconds(8);
        });
        var pauses = new List<TimeSpan>();

        for (var i = 0; i < 6; i++)
        {
            await harness.PollAsync(1);
            var pause = await harness.PollOnceAsync();
            pauses.Add(pause);
            harness.Time.Advance(pause);
        }

        var loggedWhileDown = harness.Logs.Failures;
        await using var server = await FakeAlphaVantageServer.StartAsync(MovingQuotes, port);
        await harness.PollAsync(1);

        Assert.Equal([1d, 2d, 4d, 8d, 8d, 8d], pauses.Select(p => p.TotalSeconds));
        var failure = Assert.Single(loggedWhileDown);
        Assert.Equal(("AAA", FailureReason.Unreachable), (failure["Symbol"], failure["Reason"]));
        Assert.Equal(6, harness.Count(IngestionCounters.Failed, FailureReason.Unreachable));
        var recovered = Assert.Single(harness.Logs.Entries, e => e.Category.EndsWith(".AlphaVantagePoller", StringComparison.Ordinal) && e.Level == LogLevel.Information);
        Assert.Equal("6", recovered["Failures"]);
        Assert.Equal(1, harness.Count(IngestionCounters.Emitted));
    }
    [Fact]
    public async Task When_a_symbol_is_unknown_then_it_is_parked_and_tried_once_after_the_park_time()
    {
        await using var harness = await PollerHarness.StartAsync(["GOOD", "UNKN"], "60", (request, context) =>
            request.Symbols[0] == "UNKN"
                ? AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-empty.json"))
                : MovingQuotes(request, context));

        await harness.PollAsync(6);
        var whileParked = harness.Server.RequestsFor("UNKN");
        harness.Time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1));
        await harness.PollAsync(4);
        var justBeforeDue = harness.Server.RequestsFor("UNKN");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.PollAsync(4);

        Assert.Equal(1, whileParked);
        Assert.Equal(1, justBeforeDue);
        Assert.Equal(2, harness.Server.RequestsFor("UNKN"));
        Assert.Equal(12, harness.Server.RequestsFor("GOOD"));
        Assert.Equal(2, harness.Count(IngestionCounters.Failed, FailureReason.UnknownSymbol));
        var logged = harness.Logs.Failures;
        Assert.Equal(2, logged.Count);
        Assert.All(logged, e => Assert.Equal(("UNKN", FailureReason.UnknownSymbol), (e["Symbol"], e["Reason"])));
    }

    [Fact]
    public async Task When_every_symbol_is_parked_then_the_poller_idles_until_the_first_is_due()
    {
        await using var harness = await PollerHarness.StartAsync(["UNKN"], "60", (_, context) => AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("error-message.json")));
        await harness.PollAsync(1);

        var idle = await harness.PollOnceAsync();
        harness.Time.Advance(TimeSpan.FromHours(2));
        var later = await harness.PollOnceAsync();

        Assert.Equal(TimeSpan.FromHours(6), idle);
        Assert.Equal(TimeSpan.FromHours(4), later);
        Assert.Single(harness.Server.Requests);
        Assert.Equal(1, harness.Count(IngestionCounters.Failed, FailureReason.UnknownSymbol));
    }

    [Fact]
    public async Task When_throttled_then_no_request_is_made_during_a_doubling_capped_backoff()
    {
        var throttles = 4;
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "600", (request, context) =>
            Interlocked.Decrement(ref throttles) >= 0
                ? AlphaVantageAnswers.WriteAsync(context, Fixtures.Text(request.Sequence % 2 == 0 ? "note.json" : "information.json"))
                : MovingQuotes(request, context), o =>
                {
                    o.BulkQuotes = false;
                    o.MaxThrottleBackoff = TimeSpan.FromMinutes(4);
                });
        var pauses = new List<TimeSpan>();

        for (var i = 0; i < 4; i++)
        {
            await harness.PollAsync(1);
            var pause = await harness.PollOnceAsync();
            pauses.Add(pause);
            harness.Time.Advance(pause - TimeSpan.FromTicks(1));
            Assert.Equal(TimeSpan.FromTicks(1), await harness.PollOnceAsync());
            Assert.Equal(i + 1, harness.Server.Requests.Count);
            harness.Time.Advance(TimeSpan.FromTicks(1));
        }

        await harness.PollAsync(1);
        Volatile.Write(ref throttles, 1);
        await harness.PollAsync(1);
        var afterSuccess = await harness.PollOnceAsync();

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(4)], pauses);
        Assert.Equal(TimeSpan.FromMinutes(1), afterSuccess);
        Assert.Equal(5, harness.Count(IngestionCounters.Throttled));
        Assert.Equal(5, harness.Logs.Throttles.Count);
        Assert.Equal(1, harness.Count(IngestionCounters.Emitted));
        Assert.Equal(0, harness.Count(IngestionCounters.Failed));
    }

    [Fact]
    public async Task When_a_quote_is_unchanged_then_it_is_skipped_not_emitted_again()
    {
        var day = PollerHarness.Today;
        await using var harness = await PollerHarness.StartAsync(["MOVE", "SAME"], "60", (request, context) =>
            request.Symbols[0] == "SAME"
                ? AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote("SAME", 50.25m, 1000, day))
                : MovingQuotes(request, context), withStream: true);

        await harness.PollAsync(6);
        day = day.AddDays(-1); // the same price and volume on another trading day is news
        await harness.PollAsync(2);
        var stream = await harness.StopAndReadStreamAsync();

        Assert.Equal(2, stream.Count(q => q.Symbol == "SAME"));
        Assert.Equal(4, stream.Count(q => q.Symbol == "MOVE"));
        Assert.Equal(2, harness.Count(IngestionCounters.Skipped, AlphaVantagePoller.UnchangedReason));
        Assert.Equal(8, harness.Count(IngestionCounters.Fetched));
        var skipped = harness.Logs.Entries.Where(e => e["Reason"] == AlphaVantagePoller.UnchangedReason).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.All(skipped, e => Assert.Equal("SAME", e["Symbol"]));
        var same = stream.First(q => q.Symbol == "SAME");

        // SAME is the second request; on 60 a minute requests are a second apart.
        Assert.Equal((50.25m, (decimal?)1000, (string?)null, "alphavantage", PollerHarness.Start.AddSeconds(1)), (same.Price, same.Volume, same.Currency, same.Source, same.ObservedAt));
    }

    [Fact]
    public async Task When_the_universe_changes_then_the_rotation_follows_it()
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "60", MovingQuotes);
        await harness.PollAsync(2);

        var first = Guid.NewGuid();
        harness.Universe.Apply(first, ["CCC"], 1);
        await harness.PollAsync(3);
        harness.Universe.Apply(Guid.NewGuid(), ["ABC"], 1);
        await harness.PollAsync(4);
        harness.Universe.Apply(first, [], 2);
        await harness.PollAsync(3);

        Assert.Equal(
            ["AAA", "BBB", "CCC", "AAA", "BBB", "CCC", "AAA", "ABC", "BBB", "AAA", "ABC", "BBB"],
            harness.Server.Requests.OrderBy(r => r.Sequence).Select(r => r.Symbols[0]));
    }

    [Fact]
    public async Task When_the_universe_is_empty_then_the_poller_idles_without_spending_tokens()
    {
        await using var harness = await PollerHarness.StartAsync([], "60", MovingQuotes);

        var idle = await harness.PollOnceAsync();

        Assert.Equal(Timeout.InfiniteTimeSpan, idle);
        Assert.Empty(harness.Server.Requests);
        Assert.Equal(harness.Poller.Bucket.Capacity, harness.Poller.Bucket.Available);
    }

    [Fact]
    public async Task When_bulk_quotes_are_on_then_batches_rotate_and_each_call_costs_one_token()
    {
        await using var harness = await PollerHarness.StartAsync(["A", "B", "C", "D", "E"], "60", BulkQuotes, o =>
        {
            o.BulkQuotes = true;
            o.BulkBatchSize = 2;
        });

        await harness.PollAsync(5);

        Assert.Equal(
            ["A,B", "C,D", "E,A", "B,C", "D,E"],
            harness.Server.Requests.OrderBy(r => r.Sequence).Select(r => string.Join(',', r.Symbols)));
        Assert.All(harness.Server.Requests, r => Assert.Equal("REALTIME_BULK_QUOTES", r.Function));
        Assert.Equal(10, harness.Count(IngestionCounters.Emitted));
    }

    [Fact]
    public async Task When_a_symbol_is_missing_from_a_bulk_answer_then_it_alone_is_parked_as_unknown()
    {
        await using var harness = await PollerHarness.StartAsync(["GOOD", "MISS"], "60", (request, context) =>
            BulkQuotes(request with { Symbols = [.. request.Symbols.Where(s => s != "MISS")] }, context), Bulk);

        await harness.PollAsync(3);

        Assert.Equal(["GOOD,MISS", "GOOD", "GOOD"], harness.Server.Requests.OrderBy(r => r.Sequence).Select(r => string.Join(',', r.Symbols)));
        var failure = Assert.Single(harness.Logs.Failures);
        Assert.Equal(("MISS", FailureReason.UnknownSymbol), (failure["Symbol"], failure["Reason"]));
        Assert.Equal(3, harness.Count(IngestionCounters.Emitted));
    }

    [Theory]
    [InlineData("premium-endpoint.json", FailureReason.NotEntitled, "This is a premium endpoint")]
    [InlineData("error-message.json", FailureReason.ProviderError, "Invalid API call")]
    [InlineData("bulk-quotes-no-data.json", FailureReason.MalformedResponse, "no \"data\" array")]
    public async Task When_bulk_quotes_are_refused_then_each_symbol_is_polled_with_global_quote_and_the_refusal_logged_once(string fixture, string reason, string why)
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB", "CCC"], "75", (request, context) =>
            request.Function == "REALTIME_BULK_QUOTES" ? AlphaVantageAnswers.WriteAsync(context, Fixtures.Text(fixture)) : MovingQuotes(request, context), Bulk);

        await harness.PollAsync(7);

        Assert.Equal(
            ["REALTIME_BULK_QUOTES AAA,BBB,CCC", "GLOBAL_QUOTE AAA", "GLOBAL_QUOTE BBB", "GLOBAL_QUOTE CCC", "GLOBAL_QUOTE AAA", "GLOBAL_QUOTE BBB", "GLOBAL_QUOTE CCC"],
            harness.Server.Requests.OrderBy(r => r.Sequence).Select(r => $"{r.Function} {string.Join(',', r.Symbols)}"));
        Assert.Equal(6, harness.Count(IngestionCounters.Emitted));
        var refusal = Assert.Single(harness.Logs.Failures);
        Assert.Equal(("-", reason), (refusal["Symbol"], refusal["Reason"]));
        Assert.Contains(why, refusal["Detail"], StringComparison.Ordinal);
        Assert.Contains("GLOBAL_QUOTE", refusal["Detail"], StringComparison.Ordinal);
        Assert.Equal(0, harness.Count(IngestionCounters.Throttled));
    }

    [Fact]
    public async Task When_bulk_quotes_were_refused_then_they_are_tried_again_a_day_later()
    {
        var bulkAllowed = false;
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "75", (request, context) =>
            request.Function != "REALTIME_BULK_QUOTES" ? MovingQuotes(request, context)
            : Volatile.Read(ref bulkAllowed) ? BulkQuotes(request, context)
            : AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("premium-endpoint.json")), Bulk);

        await harness.PollAsync(3);
        harness.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        await harness.PollAsync(2);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.PollAsync(3);
        Volatile.Write(ref bulkAllowed, true);
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.PollAsync(2);

        Assert.Equal(
            ["BULK", "GLOBAL", "GLOBAL", "GLOBAL", "GLOBAL", "BULK", "GLOBAL", "GLOBAL", "BULK", "BULK"],
            harness.Server.Requests.OrderBy(r => r.Sequence).Select(r => r.Function == "REALTIME_BULK_QUOTES" ? "BULK" : "GLOBAL"));
        Assert.Single(harness.Logs.Failures);
        Assert.Equal(2, harness.Count(IngestionCounters.Failed, FailureReason.NotEntitled));
        Assert.Single(harness.Logs.Entries, e => e.Category.EndsWith(".AlphaVantagePoller", StringComparison.Ordinal) && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task When_a_bulk_call_is_rate_limited_then_it_pauses_and_does_not_fall_back()
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "75", (request, context) =>
            request.Function == "REALTIME_BULK_QUOTES" ? AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("note.json")) : MovingQuotes(request, context), Bulk);

        await harness.PollAsync(1);
        var pause = await harness.PollOnceAsync();
        harness.Time.Advance(pause);
        await harness.PollAsync(1);

        Assert.Equal(TimeSpan.FromMinutes(1), pause);
        Assert.All(harness.Server.Requests, r => Assert.Equal("REALTIME_BULK_QUOTES", r.Function));
        Assert.Equal(2, harness.Count(IngestionCounters.Throttled));
        Assert.Empty(harness.Logs.Failures);
    }

    [Fact]
    public async Task When_a_bulk_answer_has_bad_entries_then_each_is_reported_once_and_the_good_one_emitted()
    {
        await using var harness = await PollerHarness.StartAsync(["BADP", "BADT", "MSFT", "NVDA"], "60", (_, context) =>
            AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("bulk-quotes-mixed.json")), Bulk, withStream: true);

        await harness.PollAsync(1);
        var stream = await harness.StopAndReadStreamAsync();

        Assert.Equal("MSFT", Assert.Single(stream).Symbol);
        Assert.Equal(
            [("-", FailureReason.MalformedResponse), ("-", FailureReason.MalformedResponse), ("BADP", FailureReason.MalformedResponse), ("BADT", FailureReason.MalformedResponse), ("NVDA", FailureReason.UnknownSymbol)],
            harness.Logs.Failures.Select(e => (e["Symbol"], e["Reason"])).Order());
        Assert.Equal(4, harness.Count(IngestionCounters.Failed, FailureReason.MalformedResponse));
    }

    [Fact]
    public async Task When_a_bulk_call_is_throttled_then_the_pause_applies_and_nothing_is_reported_per_symbol()
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "60", (_, context) =>
            AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("information.json")), Bulk);

        await harness.PollAsync(1);
        var pause = await harness.PollOnceAsync();

        Assert.Equal(TimeSpan.FromMinutes(1), pause);
        Assert.Single(harness.Server.Requests);
        Assert.Equal(1, harness.Count(IngestionCounters.Throttled));
        Assert.Empty(harness.Logs.Failures);
    }

    [Fact]
    public async Task When_the_trading_day_is_in_the_future_then_the_quote_is_rejected_as_invalid()
    {
        await using var harness = await PollerHarness.StartAsync(["FUT"], "60", (_, context) =>
            AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote("FUT", 10m, 5, PollerHarness.Today.AddDays(2))));

        await harness.PollAsync(1);

        var failure = Assert.Single(harness.Logs.Failures);
        Assert.Equal(("FUT", FailureReason.InvalidQuote), (failure["Symbol"], failure["Reason"]));
        Assert.Contains("latest trading day 2026-11-29 is in the future", failure["Detail"], StringComparison.Ordinal);
        Assert.Equal(0, harness.Count(IngestionCounters.Emitted));
    }

    private static void Bulk(AlphaVantageOptions options) => options.BulkQuotes = true;

    /// <summary>A valid quote whose price moves with every request, on the harness's trading day.</summary>
    private static Task MovingQuotes(FakeRequest request, HttpContext context) =>
        AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote(request.Symbols[0], 100m + (request.Sequence / 100m), 1000 + request.Sequence, PollerHarness.Today));

    private static Task BulkQuotes(FakeRequest request, HttpContext context)
    {
        var eastern = UsMarket.ToEastern(PollerHarness.Start).AddSeconds(-request.Sequence);
        return AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.Bulk(request.Symbols.Select(s => (s, (100m + request.Sequence).ToString(CultureInfo.InvariantCulture), eastern))));
    }
}
