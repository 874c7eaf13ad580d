using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using StockMonitor.Pricing.Api;

namespace StockMonitor.Pricing.Tests.Api;

/// <summary>
/// The bars and quote endpoints over quotes fed through the bus. Eight quotes of MSFT on Friday 2026-11-27 (09:58 to
/// 10:01 in New York, the hour edge at 15:00 UTC), with the source's cumulative day volume (one quote without):
/// <code>
///   14:58:10 100.00 1000    first of the day: the volume starts here
///   14:58:40 100.50 1200    +200
///   14:58:55  99.80 1500    +300
///   14:59:20 100.20 1450    the source reported less: +0, never negative
///   14:59:45 101.00 1900    +450 (from 1450)
///   15:00:05 101.40 2600    +700, across the minute and hour edge: counted in the later bar
///   15:00:30 100.90 2700    +100
///   15:01:15 101.10         no volume: the bar's volume is unknown, not zero
/// </code>
/// </summary>
public class BarsApiTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Bars_are_the_ohlc_count_and_volume_of_their_minutes_and_hours_in_time_order()
    {
        await using var host = await FeedAsync();

        var minutes = await host.Client.GetFromJsonAsync<List<BarView>>(BarsUri("msft", "1m", At(14, 50), At(15, 10)));
        var hours = await host.Client.GetFromJsonAsync<List<BarView>>(BarsUri("msft", "1h", At(14, 0), At(16, 0)));

        Assert.Equal(
            [
                new BarView(At(14, 58), 100.00m, 100.50m, 99.80m, 99.80m, 500m, 3),   // 200 + 300
                new BarView(At(14, 59), 100.20m, 101.00m, 100.20m, 101.00m, 450m, 2), // 0 + 450
                new BarView(At(15, 0), 101.40m, 101.40m, 100.90m, 100.90m, 800m, 2),  // 700 from 14:59:45 + 100
                new BarView(At(15, 1), 101.10m, 101.10m, 101.10m, 101.10m, null, 1),
            ],
            minutes);
        Assert.Equal(
            [
                new BarView(At(14, 0), 100.00m, 101.00m, 99.80m, 101.00m, 950m, 5),  // 500 + 450
                new BarView(At(15, 0), 101.40m, 101.40m, 100.90m, 101.10m, 800m, 3), // 700 from the hour before + 100
            ],
            hours);
    }

    [Fact]
    public async Task Get_quote_includes_the_day_statistics()
    {
        await using var host = await FeedAsync();

        using var json = JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/api/quotes/msft", UriKind.Relative)));

        var quote = json.RootElement;
        string[] statistics = ["vwap", "return1m", "return5m", "return15m", "return1h", "volatility1h", "dayOpen", "dayHigh", "dayLow", "statsDay", "statsQuoteCount"];
        Assert.All(statistics, name => Assert.True(quote.TryGetProperty(name, out _), $"no {name} in {quote}"));
        // VWAP: (100.5·200 + 99.8·300 + 101·450 + 101.4·700 + 100.9·100) / 1750 = 176,560 / 1750 = 100.8914285…
        Assert.Equal(100.891429m, quote.GetProperty("vwap").GetDecimal());
        // The last price, 101.10 at 15:01:15, against the last at or before 15:00:15 (101.40 at 15:00:05).
        Assert.Equal(-0.0029585799m, quote.GetProperty("return1m").GetDecimal());
        // No price 5 minutes or more before the last one: no return over those windows.
        string[] beforeTheFirstPrice = ["return5m", "return15m", "return1h"];
        Assert.All(beforeTheFirstPrice, name => Assert.Equal(JsonValueKind.Null, quote.GetProperty(name).ValueKind));
        // Minute closes 99.80, 101.00, 100.90, 101.10: log returns 0.0119523, −0.0009906, 0.0019802, mean 0.0043140,
        // sample variance 4.596472e−5, stdev 0.0067797 × √98,280 = 2.125421.
        Assert.Equal(2.125421m, quote.GetProperty("volatility1h").GetDecimal());
        Assert.Equal((100.00m, 101.40m, 99.80m), (quote.GetProperty("dayOpen").GetDecimal(), quote.GetProperty("dayHigh").GetDecimal(), quote.GetProperty("dayLow").GetDecimal()));
        Assert.Equal(("2026-11-27", 8), (quote.GetProperty("statsDay").GetString(), quote.GetProperty("statsQuoteCount").GetInt32()));
    }

    [Fact]
    public async Task Bad_requests_are_400_problems_naming_the_parameter_and_an_unknown_symbol_is_404()
    {
        await using var host = await PricingHost.StartAsync();
        var feed = new QuoteFeed(host);
        await feed.PublishAndWaitAsync("MSFT", 100m, At(14, 58), 1000m);

        var badInterval = await host.Client.GetAsync(BarsUri("MSFT", "5m", At(14, 0), At(15, 0)));
        var backwards = await host.Client.GetAsync(BarsUri("MSFT", "1m", At(15, 0), At(15, 0)));
        var tooWide = await host.Client.GetAsync(BarsUri("MSFT", "1m", At(14, 0).AddDays(-7), At(14, 0))); // 10,080 minutes > 5,000 bars
        var unknown = await host.Client.GetAsync(BarsUri("ZZZZ", "1m", At(14, 0), At(15, 0)));
        var known = await host.Client.GetAsync(BarsUri("MSFT", "1m", At(14, 0), At(15, 0)));

        await AssertProblemAsync(badInterval, "interval");
        await AssertProblemAsync(backwards, "from");
        await AssertProblemAsync(tooWide, "to");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unknown symbol", (await unknown.Content.ReadFromJsonAsync<ProblemDetails>())?.Title);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    /// <summary>Starts the service, feeds it the quotes of the class summary and waits until their statistics and bars are complete.</summary>
    private static async Task<PricingHost> FeedAsync()
    {
        var host = await PricingHost.StartAsync();
        var feed = new QuoteFeed(host);
        (DateTimeOffset At, decimal Price, decimal? Volume)[] quotes =
        [
            (At(14, 58, 10), 100.00m, 1000m),
            (At(14, 58, 40), 100.50m, 1200m),
            (At(14, 58, 55), 99.80m, 1500m),
            (At(14, 59, 20), 100.20m, 1450m),
            (At(14, 59, 45), 101.00m, 1900m),
            (At(15, 0, 5), 101.40m, 2600m),
            (At(15, 0, 30), 100.90m, 2700m),
            (At(15, 1, 15), 101.10m, null),
        ];
        foreach (var (at, price, volume) in quotes)
        {
            await feed.PublishAsync(feed.Next("MSFT", price, at, volume));
        }

        await host.WaitForStatisticsAsync("MSFT", quotes.Length);
        return host;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string parameter)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Equal([parameter], problem!.Errors.Keys);
    }

    private static Uri BarsUri(string symbol, string interval, DateTimeOffset from, DateTimeOffset to) =>
        new($"/api/quotes/{symbol}/bars?interval={interval}&from={Iso(from)}&to={Iso(to)}", UriKind.Relative);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => Day.AddHours(hour).AddMinutes(minute).AddSeconds(second);
}
