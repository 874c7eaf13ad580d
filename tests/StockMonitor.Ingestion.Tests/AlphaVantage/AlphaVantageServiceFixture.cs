using Microsoft.AspNetCore.Http;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>
/// One ingestion service polling a fake Alpha Vantage (GLOBAL_QUOTE) for two good symbols, one that never changes and
/// one symbol per bad case, run until every case has been seen (twice where it is not parked), then stopped so that
/// the stream, the logs and the counters can be compared at rest.
/// </summary>
public sealed class AlphaVantageServiceFixture : IAsyncLifetime
{
    public const string ApiKey = "HOSTEDTESTKEY7";

    /// <summary>Each bad symbol and the failure reason it must be counted under.</summary>
    public static readonly IReadOnlyDictionary<string, string> Failing = new Dictionary<string, string>
    {
        ["MALF"] = FailureReason.MalformedResponse,
        ["HTMLOK"] = FailureReason.MalformedResponse,
        ["EMPTY"] = FailureReason.MalformedResponse,
        ["BADDAY"] = FailureReason.MalformedResponse,
        ["BADPX"] = FailureReason.MalformedResponse,
        ["HTMLBAD"] = FailureReason.HttpError,
        ["FIVEXX"] = FailureReason.HttpError,
        ["SLOW"] = FailureReason.Timeout,
        ["NEG"] = FailureReason.InvalidQuote,
        ["ZERO"] = FailureReason.InvalidQuote,
        ["FUTDAY"] = FailureReason.InvalidQuote,
        ["UNKN"] = FailureReason.UnknownSymbol,
        ["ERRM"] = FailureReason.UnknownSymbol,
    };

    public static readonly IReadOnlyList<string> Throttling = ["NOTE", "INFO"];

    public static readonly IReadOnlyList<string> Good = ["GOOD", "SLOK"];

    private IngestionHost? host;

    public FakeAlphaVantageServer Server { get; private set; } = null!;

    public IngestionHost Host => host!;

    public List<Quote> Stream { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Server = await FakeAlphaVantageServer.StartAsync(RespondAsync);
        host = await IngestionHost.StartWithAlphaVantageAsync(Server.BaseUrl, ApiKey, [.. Good, "SAME", .. Failing.Keys, .. Throttling], new Dictionary<string, string>
        {
            ["ALPHAVANTAGE_PLAN"] = "6000",
            ["AlphaVantage:BulkQuotes"] = "false",
            ["AlphaVantage:RequestTimeout"] = "00:00:01.500",
            ["AlphaVantage:ThrottleBackoff"] = "00:00:00.050",
            ["AlphaVantage:MaxThrottleBackoff"] = "00:00:00.200",
            ["AlphaVantage:FailureBackoff"] = "00:00:00.050",
            ["AlphaVantage:MaxFailureBackoff"] = "00:00:00.200",
            ["AlphaVantage:MinSymbolInterval"] = "00:00:00",
        });

        await Eventually.HoldsAsync(
            async () =>
            {
                var failures = Host.Logs.Failures;
                var throttles = Host.Logs.Throttles;
                var stream = await Host.QuotesAsync();
                return Failing.All(f => failures.Count(e => e["Symbol"] == f.Key) >= (f.Value == FailureReason.UnknownSymbol ? 1 : 2))
                    && Throttling.All(s => throttles.Count(e => e["Detail"]!.StartsWith(s + ":", StringComparison.Ordinal)) >= 2)
                    && Good.All(s => stream.Count(q => q.Symbol == s) >= 2)
                    && Host.Logs.Entries.Any(e => e["Symbol"] == "SAME" && e["Reason"] == "unchanged");
            },
            "every bad case seen twice (parked ones once) and the good symbols on the stream",
            TimeSpan.FromSeconds(90));

        await Host.StopAsync();
        Stream = await Host.QuotesAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private static async Task RespondAsync(FakeRequest request, HttpContext context)
    {
        var today = UsMarket.TradingDay(TimeProvider.System.GetUtcNow());
        var symbol = request.Symbols[0];
        switch (symbol)
        {
            case "GOOD":
                await AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote(symbol, 100m + (request.Sequence / 100m), request.Sequence, today));
                break;
            case "SLOK":
                await Task.Delay(TimeSpan.FromMilliseconds(300), context.RequestAborted);
                await AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote(symbol, 200m + (request.Sequence / 100m), request.Sequence, today));
                break;
            case "SAME":
                await AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote(symbol, 42.4200m, 4242, today));
                break;
            case "MALF":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("malformed-truncated.json"));
                break;
            case "HTMLOK":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("html-error.html"), contentType: "text/html");
                break;
            case "EMPTY":
                context.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case "BADDAY":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-bad-day.json"));
                break;
            case "BADPX":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-bad-price.json"));
                break;
            case "HTMLBAD":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("html-error.html"), StatusCodes.Status502BadGateway, "text/html");
                break;
            case "FIVEXX":
                await AlphaVantageAnswers.WriteAsync(context, "{\"error\": \"internal\"}", StatusCodes.Status500InternalServerError);
                break;
            case "SLOW":
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                break;
            case "NEG":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-negative-price.json"));
                break;
            case "ZERO":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-zero-price.json"));
                break;
            case "FUTDAY":
                await AlphaVantageAnswers.WriteAsync(context, AlphaVantageAnswers.GlobalQuote(symbol, 10m, 10, today.AddDays(3)));
                break;
            case "UNKN":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-empty.json"));
                break;
            case "ERRM":
                // Some error pages echo the request; the key must not reach the log.
                await AlphaVantageAnswers.WriteAsync(context, $"{{\"Error Message\": \"Invalid API call for apikey={ApiKey}.\"}}");
                break;
            case "NOTE":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("note.json"));
                break;
            case "INFO":
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("information.json"));
                break;
            default:
                await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-empty.json"));
                break;
        }
    }
}
