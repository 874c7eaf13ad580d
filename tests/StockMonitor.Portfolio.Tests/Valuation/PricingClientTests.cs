using System.Net;
using System.Web;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Valuation;

public class PricingClientTests
{
    private static DateTimeOffset At(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LatestQuotesAsync_reads_symbol_price_previous_close_and_time_and_ignores_the_other_fields()
    {
        using var handler = new ScriptedPricingHandler(_ => ScriptedPricingHandler.Json(
            """[{"symbol":"AAPL","price":187.1234,"currency":"USD","previousClose":185.5,"observedAt":"2026-01-05T15:00:00+00:00","source":"sim","vwap":186.9},"""
            + """{"symbol":"MSFT","price":402,"previousClose":null,"observedAt":"2026-01-05T15:00:01Z","source":"sim"}]"""));
        using var http = handler.Client();

        var quotes = await new PricingClient(http).LatestQuotesAsync(CancellationToken.None);

        Assert.Equal(
            [new PricingQuote("AAPL", 187.1234m, 185.5m, At(2026, 1, 5, 15)), new PricingQuote("MSFT", 402m, null, At(2026, 1, 5, 15).AddSeconds(1))],
            quotes);
        Assert.Equal("/api/quotes", Assert.Single(handler.Requests).AbsolutePath);
    }

    [Fact]
    public async Task HourBarsAsync_reads_a_range_longer_than_one_request_in_consecutive_pages_of_whole_hours()
    {
        using var handler = new ScriptedPricingHandler(request =>
        {
            var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var from = DateTimeOffset.Parse(query["from"]!, System.Globalization.CultureInfo.InvariantCulture);
            return ScriptedPricingHandler.Json($$"""[{"time":"{{from:O}}","open":1,"high":1,"low":1,"close":{{from.Month}}.5,"volume":null,"count":1}]""");
        });
        using var http = handler.Client();
        var from = At(2025, 1, 1).AddMinutes(30);
        var to = At(2026, 1, 1);

        var bars = await new PricingClient(http).HourBarsAsync("BRK.B", from, to, CancellationToken.None);

        // 8,760 hours from 2025-01-01T00:00 (the hour holding `from`): pages of 5,000 hours, the last one shorter.
        var pageStart = At(2025, 1, 1);
        var pageEnd = pageStart.AddHours(PricingClient.MaxBarsPerRequest);
        var ranges = handler.Requests.Select(u => HttpUtility.ParseQueryString(u.Query)).Select(q => (q["interval"], q["from"], q["to"])).ToList();
        Assert.Equal(
            [("1h", "2025-01-01T00:00:00.0000000Z", "2025-07-28T08:00:00.0000000Z"), ("1h", "2025-07-28T08:00:00.0000000Z", "2026-01-01T00:00:00.0000000Z")],
            ranges);
        Assert.All(handler.Requests, u => Assert.Equal("/api/quotes/BRK.B/bars", u.AbsolutePath));
        Assert.Equal([new PricingBar(pageStart, 1.5m), new PricingBar(pageEnd, 7.5m)], bars);
    }

    [Fact]
    public async Task HourBarsAsync_of_a_symbol_pricing_never_quoted_is_empty()
    {
        using var handler = new ScriptedPricingHandler(_ => ScriptedPricingHandler.Json("""{"title":"Unknown symbol","status":404}""", HttpStatusCode.NotFound));
        using var http = handler.Client();

        var bars = await new PricingClient(http).HourBarsAsync("NEW", At(2026, 1, 1), At(2026, 1, 2), CancellationToken.None);

        Assert.Empty(bars);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "{}")]
    [InlineData(HttpStatusCode.BadRequest, """{"errors":{"to":["At most 5000 bars per request: narrow the range."]}}""")]
    [InlineData(HttpStatusCode.OK, "not json")]
    public async Task HourBarsAsync_when_pricing_answers_an_error_or_garbage_throws_PricingUnavailableException(HttpStatusCode status, string body)
    {
        using var handler = new ScriptedPricingHandler(_ => ScriptedPricingHandler.Json(body, status));
        using var http = handler.Client();

        var call = () => new PricingClient(http).HourBarsAsync("AAPL", At(2026, 1, 1), At(2026, 1, 2), CancellationToken.None);

        await Assert.ThrowsAsync<PricingUnavailableException>(call);
    }

    [Fact]
    public async Task LatestQuotesAsync_when_pricing_is_unreachable_throws_PricingUnavailableException()
    {
        using var handler = new ScriptedPricingHandler(_ => throw new HttpRequestException("Connection refused"));
        using var http = handler.Client();

        var exception = await Assert.ThrowsAsync<PricingUnavailableException>(() => new PricingClient(http).LatestQuotesAsync(CancellationToken.None));

        Assert.IsType<HttpRequestException>(exception.InnerException);
    }

    [Fact]
    public async Task A_call_cancelled_by_its_caller_is_cancelled_not_unavailable()
    {
        using var handler = new ScriptedPricingHandler(_ => throw new OperationCanceledException());
        using var http = handler.Client();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PricingClient(http).LatestQuotesAsync(cancelled.Token));
    }
}
