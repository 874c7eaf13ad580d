using System.Globalization;
using Microsoft.AspNetCore.Http;
using StockMonitor.Ingestion.AlphaVantage;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;

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
    public async Task When_the_key_budget_is_spent_then_the_next_request_waits_for_its_token()
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB"], "free", MovingQuotes);
        await harness.PollAsync(25);

        var next = harness.Poller.PollOnceAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(3456) - TimeSpan.FromTicks(1));
        var waitedUntilDue = !next.IsCompleted && harness.Server.Requests.Count == 25;
        harness.Time.Advance(TimeSpan.FromTicks(1));
        await next.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(waitedUntilDue);
        Assert.Equal(26, harness.Server.Requests.Count);
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
        Assert.Equal((50.25m, (decimal?)1000, (string?)null, "alphavantage", PollerHarness.Start), (same.Price, same.Volume, same.Currency, same.Source, same.ObservedAt));
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
        Assert.Equal(60, harness.Poller.Bucket.Available);
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
        Assert.Equal(55, harness.Poller.Bucket.Available);
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

    [Fact]
    public async Task When_a_bulk_call_gets_an_error_message_then_it_counts_once_as_a_provider_error()
    {
        await using var harness = await PollerHarness.StartAsync(["AAA", "BBB", "CCC"], "60", (_, context) =>
            AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("error-message.json")), Bulk);

        await harness.PollAsync(2);

        Assert.Equal(2, harness.Count(IngestionCounters.Failed, FailureReason.ProviderError));
        Assert.Equal(0, harness.Count(IngestionCounters.Failed, FailureReason.UnknownSymbol));
        Assert.All(harness.Logs.Failures, e => Assert.Equal(("-", FailureReason.ProviderError), (e["Symbol"], e["Reason"])));
        Assert.Equal(2, harness.Logs.Failures.Count);
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
