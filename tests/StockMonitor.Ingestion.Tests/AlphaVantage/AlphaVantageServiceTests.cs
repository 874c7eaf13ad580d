using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>
/// Every bad answer, through the whole service: nothing of the bad symbol reaches Kinesis, the good symbols keep
/// flowing, and each failure is counted under its reason and logged once with the symbol and the reason.
/// </summary>
public class AlphaVantageServiceTests(AlphaVantageServiceFixture fixture) : IClassFixture<AlphaVantageServiceFixture>
{
    public static TheoryData<string, string> FailingCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var (symbol, reason) in AlphaVantageServiceFixture.Failing)
        {
            cases.Add(symbol, reason);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(FailingCases))]
    public void Bad_answer_is_kept_off_the_stream_counted_and_logged_once(string symbol, string reason)
    {
        var failures = fixture.Host.Logs.Failures.Where(e => e["Symbol"] == symbol).ToList();
        var requests = fixture.Server.RequestsFor(symbol);

        Assert.DoesNotContain(fixture.Stream, q => q.Symbol == symbol);
        Assert.All(AlphaVantageServiceFixture.Good, good => Assert.Contains(fixture.Stream, q => q.Symbol == good));
        Assert.NotEmpty(failures);
        Assert.All(failures, e => Assert.Equal(reason, e["Reason"]));
        Assert.All(failures, e => Assert.Contains($"{symbol} rejected ({reason})", e.Message, StringComparison.Ordinal));

        // One log line per answer; the very last request may have been cut short by the shutdown.
        Assert.InRange(failures.Count, requests - 1, requests);
        Assert.Equal(
            fixture.Host.Logs.Failures.Count(e => e["Reason"] == reason),
            fixture.Host.Count(IngestionCounters.Failed, reason));
    }

    [Theory]
    [InlineData("UNKN")]
    [InlineData("ERRM")]
    public void Unknown_symbol_is_asked_for_once_and_then_left_alone(string symbol)
    {
        Assert.Equal(1, fixture.Server.RequestsFor(symbol));
        Assert.Single(fixture.Host.Logs.Failures, e => e["Symbol"] == symbol);
    }

    [Theory]
    [InlineData("NOTE", "Thank you for using Alpha Vantage!")]
    [InlineData("INFO", "standard API rate limit is 25 requests per day")]
    public void Throttling_answer_is_kept_off_the_stream_counted_and_logged_once(string symbol, string message)
    {
        var throttles = fixture.Host.Logs.Throttles.Where(e => e["Detail"]!.StartsWith(symbol + ":", StringComparison.Ordinal)).ToList();
        var requests = fixture.Server.RequestsFor(symbol);

        Assert.DoesNotContain(fixture.Stream, q => q.Symbol == symbol);
        Assert.NotEmpty(throttles);
        Assert.All(throttles, e => Assert.Contains(message, e["Detail"], StringComparison.Ordinal));
        Assert.InRange(throttles.Count, requests - 1, requests);
        Assert.Equal(fixture.Host.Logs.Throttles.Count, fixture.Host.Count(IngestionCounters.Throttled));
        Assert.DoesNotContain(fixture.Host.Logs.Failures, e => e["Symbol"] == symbol);
    }

    [Fact]
    public void Good_symbols_flow_with_the_prices_served()
    {
        var good = fixture.Stream.Where(q => q.Symbol == "GOOD").ToList();

        Assert.True(good.Count >= 2);
        Assert.All(fixture.Stream, q => Assert.Equal("alphavantage", q.Source));
        Assert.All(good, q => Assert.Null(q.Currency));
        Assert.All(good, q => Assert.Equal(100m + (q.Volume!.Value / 100m), q.Price));
        Assert.Equal(good.Count, good.Select(q => q.Price).Distinct().Count());
        Assert.True(fixture.Stream.Count(q => q.Symbol == "SLOK") >= 2);
    }

    [Fact]
    public void Unchanged_quote_is_on_the_stream_once_and_skipped_afterwards()
    {
        var skipped = fixture.Host.Logs.Entries.Where(e => e["Symbol"] == "SAME" && e["Reason"] == "unchanged").ToList();

        Assert.Single(fixture.Stream, q => q.Symbol == "SAME");
        Assert.NotEmpty(skipped);
        Assert.Equal(skipped.Count, fixture.Host.Count(IngestionCounters.Skipped, "unchanged"));
        Assert.DoesNotContain(fixture.Host.Logs.Failures, e => e["Symbol"] == "SAME");
    }

    [Fact]
    public void Api_key_never_reaches_the_log()
    {
        var errm = Assert.Single(fixture.Host.Logs.Failures, e => e["Symbol"] == "ERRM");

        Assert.Contains("apikey=***", errm.Message, StringComparison.Ordinal);
        Assert.All(fixture.Server.Requests, r => Assert.Equal(AlphaVantageServiceFixture.ApiKey, r.ApiKey));
        Assert.DoesNotContain(fixture.Host.Logs.Entries, e => e.Message.Contains(AlphaVantageServiceFixture.ApiKey, StringComparison.Ordinal));
        Assert.Contains(fixture.Host.Logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.alphavantage", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_failure_reason_is_counted_exactly_as_often_as_it_is_logged()
    {
        foreach (var reason in AlphaVantageServiceFixture.Failing.Values.Distinct())
        {
            Assert.Equal(fixture.Host.Logs.Failures.Count(e => e["Reason"] == reason), fixture.Host.Count(IngestionCounters.Failed, reason));
        }

        Assert.Equal(0, fixture.Host.Count(IngestionCounters.Failed, FailureReason.Unreachable));
    }
}
