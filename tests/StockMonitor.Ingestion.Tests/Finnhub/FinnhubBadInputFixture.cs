using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>
/// One service fed every kind of bad input at once, between good AAPL trades: bad stream frames and trades, an
/// error message, an unknown message type, a message over the size limit, and REST answers that give no previous close (503, HTML, silence, an
/// unknown symbol). <see cref="FinnhubBadInputTests"/> has one row per case.
/// </summary>
public sealed class FinnhubBadInputFixture : IAsyncLifetime
{
    /// <summary>Symbols whose previous close cannot be had, with what the fake REST API answers for them.</summary>
    internal static readonly IReadOnlyDictionary<string, RestAnswer> RestFailures = new Dictionary<string, RestAnswer>
    {
        ["R503"] = RestAnswer.ServerError,
        ["RHTML"] = RestAnswer.Html,
        ["RSLOW"] = RestAnswer.Silent,
        ["RNONE"] = RestAnswer.Unknown,
    };

    private FakeFinnhubServer? server;
    private IngestionHost? host;

    internal FakeFinnhubServer Server => server!;

    internal IngestionHost Host => host!;

    /// <summary>The good AAPL trades sent around the bad input, in order.</summary>
    public IReadOnlyList<Quote> GoodTrades { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var at = FinnhubFrames.RecentTradeTime();
        server = await FakeFinnhubServer.StartAsync();
        server.Answer("AAPL", RestAnswer.Quote(122.00m, 120.50m, 121.00m, 125.00m, 119.00m, at));
        foreach (var (symbol, answer) in RestFailures)
        {
            server.Answer(symbol, answer);
        }

        host = await IngestionHost.StartWithFinnhubAsync(server, "AAPL," + string.Join(",", RestFailures.Keys));
        await server.WaitForSubscriptionsAsync(1, ["AAPL", .. RestFailures.Keys]);
        await host.WaitForReferencesAsync("AAPL");
        await Eventually.HoldsAsync(
            () => Task.FromResult(RestFailures.Keys.All(s => host.FailureLogs().Any(e => e["Symbol"] == s))),
            "the failed previous closes reported");

        await server.SendAsync(FinnhubFrames.Trades(("AAPL", "122.01", at)));
        await server.SendAsync("""{"type":"trade","data":[{"s":"BADJ","p":1.5,"t":""");
        await server.SendAsync(
            """{"type":"trade","data":["""
            + FinnhubFrames.Trade("AAPL", "122.02", at.AddMilliseconds(1)) + ","
            + FinnhubFrames.Trade("ZERO", "0", at) + ","
            + """{"s":"NOPX","t":1672348887195,"v":1},"""
            + """{"s":"BADT","p":5,"t":"soon","v":1},"""
            + """{"p":5.55,"t":1672348887195,"v":1},"""
            + FinnhubFrames.Trade("AAPL", "122.03", at.AddMilliseconds(2))
            + "]}");
        await server.SendAsync("""{"type":"error","msg":"Subscription refused: ERRS"}""");
        await server.SendAsync("""{"type":"news","data":[{"headline":"NEWS"}]}""");
        await server.SendAsync(FinnhubFrames.Trades(("FUTR", "10", DateTimeOffset.UtcNow.AddHours(1))));
        await server.SendAsync(FinnhubFrames.Trades(("aapl", "122.5", at)));
        await server.SendAsync(FinnhubFrames.Trades(RestFailures.Keys.SelectMany(s => new[] { (s, "10.5", at), (s, "10.75", at.AddMilliseconds(1)) }).ToArray()));
        await server.SendAsync(
            """{"type":"trade","data":[""" + FinnhubFrames.Trade("BIGF", "10", at) + ","
            + string.Join(",", Enumerable.Repeat(FinnhubFrames.Trade("BIGF", "10", at), 20_000)) + "]}",
            pieces: 40);
        await server.SendAsync(FinnhubFrames.Trades(("AAPL", "122.04", at.AddMilliseconds(3))));

        GoodTrades = [Aapl(122.01m, at), Aapl(122.02m, at.AddMilliseconds(1)), Aapl(122.03m, at.AddMilliseconds(2)), Aapl(122.04m, at.AddMilliseconds(3))];
        await host.WaitForQuotesAsync("AAPL", GoodTrades.Count);
        foreach (var symbol in RestFailures.Keys)
        {
            await host.WaitForQuotesAsync(symbol, 2);
        }

        static Quote Aapl(decimal price, DateTimeOffset at) => new("AAPL", price, "USD", 121.00m, 125.00m, 119.00m, 120.50m, null, at, "finnhub");
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
