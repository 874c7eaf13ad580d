using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>The whole service on a premium key (bulk quotes), and with the source down at first.</summary>
public class AlphaVantageBulkServiceTests
{
    [Fact]
    public async Task Bulk_answers_emit_the_good_symbol_and_report_each_bad_entry_once()
    {
        await using var server = await FakeAlphaVantageServer.StartAsync(RespondBulkAsync);
        await using var host = await IngestionHost.StartWithAlphaVantageAsync(server.BaseUrl, "BULKTESTKEY", ["GOOD", "MISS", "BADP", "NEG"], new Dictionary<string, string>
        {
            ["ALPHAVANTAGE_PLAN"] = "6000",
        });

        await Eventually.HoldsAsync(
            async () => server.Requests.Count >= 3 && (await host.QuotesAsync()).Count(q => q.Symbol == "GOOD") >= 2,
            "three bulk calls and two GOOD quotes on the stream");
        await host.StopAsync();
        var stream = await host.QuotesAsync();

        Assert.All(server.Requests, r => Assert.Equal("REALTIME_BULK_QUOTES", r.Function));
        Assert.Equal(["BADP", "GOOD", "MISS", "NEG"], server.Requests.Single(r => r.Sequence == 1).Symbols);
        Assert.All(server.Requests.Where(r => r.Sequence > 1), r => Assert.Equal(["BADP", "GOOD", "NEG"], r.Symbols));
        Assert.All(stream, q => Assert.Equal("GOOD", q.Symbol));
        var miss = Assert.Single(host.Logs.Failures, e => e["Symbol"] == "MISS");
        Assert.Equal(FailureReason.UnknownSymbol, miss["Reason"]);
        var calls = server.Requests.Count;
        Assert.InRange(host.Logs.Failures.Count(e => e["Symbol"] == "BADP" && e["Reason"] == FailureReason.MalformedResponse), calls - 1, calls);
        Assert.InRange(host.Logs.Failures.Count(e => e["Symbol"] == "NEG" && e["Reason"] == FailureReason.InvalidQuote), calls - 1, calls);
        Assert.Equal(host.Logs.Failures.Count(e => e["Reason"] == FailureReason.InvalidQuote), host.Count(IngestionCounters.Failed, FailureReason.InvalidQuote));
        Assert.Equal(host.Logs.Failures.Count(e => e["Reason"] == FailureReason.MalformedResponse), host.Count(IngestionCounters.Failed, FailureReason.MalformedResponse));
    }

    [Fact]
    public async Task When_the_source_is_unreachable_then_the_outage_is_logged_once_with_a_count_and_quotes_flow_once_it_is_back()
    {
        var port = LocalPort.Free();
        await using var host = await IngestionHost.StartWithAlphaVantageAsync(new Uri($"http://127.0.0.1:{port}"), "DOWNTESTKEY", ["GOOD"], new Dictionary<string, string>
        {
            ["ALPHAVANTAGE_PLAN"] = "600",
            ["AlphaVantage:BulkQuotes"] = "false",
            ["AlphaVantage:FailureBackoff"] = "00:00:00.050",
            ["AlphaVantage:MaxFailureBackoff"] = "00:00:00.200",
        });

        await Eventually.HoldsAsync(() => Task.FromResult(host.Count(IngestionCounters.Failed, FailureReason.Unreachable) >= 4), "four failed attempts");
        var loggedWhileDown = host.Logs.Failures;
        var onStreamWhileDown = (await host.QuotesAsync()).Count;
        await using var server = await FakeAlphaVantageServer.StartAsync(
            (request, context) => AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote("GOOD", 10m + request.Sequence, request.Sequence, UsMarket.TradingDay(TimeProvider.System.GetUtcNow()))),
            port);
        await Eventually.HoldsAsync(async () => (await host.QuotesAsync()).Count >= 2, "GOOD quotes once the source is back");
        await host.StopAsync();

        Assert.Equal(0, onStreamWhileDown);
        var failure = Assert.Single(loggedWhileDown);
        Assert.Equal(("GOOD", FailureReason.Unreachable), (failure["Symbol"], failure["Reason"]));
        Assert.Single(host.Logs.Failures);
        var recovered = Assert.Single(host.Logs.Entries, e => e.Category.EndsWith(".AlphaVantagePoller", StringComparison.Ordinal) && e.Level == LogLevel.Information);
        Assert.Equal(host.Count(IngestionCounters.Failed, FailureReason.Unreachable).ToString(CultureInfo.InvariantCulture), recovered["Failures"]);
        Assert.All(await host.QuotesAsync(), q => Assert.Equal("GOOD", q.Symbol));
    }

    private static Task RespondBulkAsync(FakeRequest request, HttpContext context)
    {
        var eastern = UsMarket.ToEastern(TimeProvider.System.GetUtcNow()).AddSeconds(-1);
        var body = AlphaVantageAnswers.Bulk(request.Symbols
            .Where(s => s != "MISS")
            .Select(s => (s, s switch
            {
                "BADP" => "--",
                "NEG" => "-5.0000",
                _ => (100m + request.Sequence).ToString(CultureInfo.InvariantCulture),
            }, eastern)));
        return AlphaVantageAnswers.WriteAsync(context, body);
    }
}
