using Microsoft.Extensions.Logging;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>Every bad input gets a clear answer and nothing is lost: see <see cref="FinnhubBadInputFixture"/> for the scenario.</summary>
public class FinnhubBadInputTests(FinnhubBadInputFixture fixture) : IClassFixture<FinnhubBadInputFixture>
{
    /// <summary>Failures the whole scenario must count, by reason: exactly one per bad case, none for the rest.</summary>
    private static readonly Dictionary<string, long> ExpectedFailures = new()
    {
        [FailureReason.MalformedResponse] = 7, // BADJ, ZERO, NOPX, BADT, the trade without a symbol, the oversized message, RHTML
        [FailureReason.InvalidQuote] = 2, // FUTR, aapl
        [FailureReason.ProviderError] = 1, // the error message
        [FailureReason.HttpError] = 1, // R503
        [FailureReason.Timeout] = 1, // RSLOW
        [FailureReason.UnknownSymbol] = 1, // RNONE
    };

    [Fact]
    public async Task Good_trades_around_the_bad_input_all_reach_the_stream_in_order_on_one_connection()
    {
        var quotes = await fixture.Host.QuotesAsync();

        Assert.Equal(fixture.GoodTrades, quotes.Where(q => q.Symbol == "AAPL"));
        Assert.Equal(1, fixture.Server.Accepted);
    }

    [Fact]
    public void Each_bad_case_is_counted_once_with_its_reason_and_nothing_else_is()
    {
        Assert.Equal(ExpectedFailures.OrderBy(p => p.Key), fixture.Host.FailuresByReason().OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("a frame that is not JSON", null, "BADJ", FailureReason.MalformedResponse)]
    [InlineData("a trade with a zero price", "ZERO", null, FailureReason.MalformedResponse)]
    [InlineData("a trade without a price", "NOPX", null, FailureReason.MalformedResponse)]
    [InlineData("a trade with a bad time", "BADT", null, FailureReason.MalformedResponse)]
    [InlineData("a trade without a symbol", null, "5.55", FailureReason.MalformedResponse)]
    [InlineData("a message over the size limit", null, "larger than", FailureReason.MalformedResponse)]
    [InlineData("an error message", null, "ERRS", FailureReason.ProviderError)]
    [InlineData("a trade an hour in the future", "FUTR", null, FailureReason.InvalidQuote)]
    [InlineData("a trade with an invalid symbol", "aapl", null, FailureReason.InvalidQuote)]
    public async Task Bad_stream_input_puts_nothing_on_the_stream_and_is_logged_once_with_its_reason(string badCase, string? symbol, string? marker, string reason)
    {
        var quotes = await fixture.Host.QuotesAsync();

        var logged = Assert.Single(
            fixture.Host.FailureLogs(),
            e => symbol is not null ? e["Symbol"] == symbol : e["Symbol"] == "-" && e["Detail"]!.Contains(marker!, StringComparison.Ordinal));
        Assert.True(reason == logged["Reason"], $"{badCase}: logged as {logged["Reason"]}, expected {reason}");
        Assert.Single(fixture.Host.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains(symbol ?? marker!, StringComparison.Ordinal));
        Assert.Equal(ExpectedFailures[reason], fixture.Host.Count(IngestionCounters.Failed, reason));
        Assert.DoesNotContain(quotes, q => q.Symbol == symbol || q.Symbol is "BADJ" or "BIGF" || q.Price is 1.5m or 5m or 5.55m or 0m);
    }

    [Theory]
    [InlineData("R503", FailureReason.HttpError, "503")]
    [InlineData("RHTML", FailureReason.MalformedResponse, "<!DOCTYPE html>")]
    [InlineData("RSLOW", FailureReason.Timeout, "00:00:01")]
    [InlineData("RNONE", FailureReason.UnknownSymbol, "every field 0")]
    public async Task Failed_previous_close_is_logged_once_per_symbol_and_its_trades_go_out_without_one(string symbol, string reason, string detail)
    {
        var quotes = await fixture.Host.QuotesAsync();

        var logged = Assert.Single(fixture.Host.FailureLogs(), e => e["Symbol"] == symbol);
        Assert.Equal(reason, logged["Reason"]);
        Assert.Contains(detail, logged["Detail"], StringComparison.Ordinal);
        Assert.Single(fixture.Host.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains(symbol, StringComparison.Ordinal));
        Assert.Equal(ExpectedFailures[reason], fixture.Host.Count(IngestionCounters.Failed, reason));
        Assert.Equal(
            [(10.5m, (decimal?)null), (10.75m, null)],
            quotes.Where(q => q.Symbol == symbol).Select(q => (q.Price, q.PreviousClose)));
    }
}
