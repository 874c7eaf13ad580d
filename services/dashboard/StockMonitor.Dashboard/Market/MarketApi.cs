using Microsoft.AspNetCore.Http.HttpResults;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Dashboard.Live;
using StockMonitor.Dashboard.Upstream;

namespace StockMonitor.Dashboard.Market;

/// <summary>What the pages read besides the stream: the market snapshot, and a symbol's statistics and bars (from pricing).</summary>
public static class MarketApi
{
    public static IEndpointRouteBuilder MapMarketApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Market").AllowAnonymous();
        api.MapGet("/market", GetMarket).WithName("GetMarket");
        api.MapGet("/symbols/{symbol}", GetSymbolAsync).WithName("GetSymbol");
        api.MapGet("/symbols/{symbol}/bars", GetBarsAsync).WithName("GetSymbolBars");
        return app;
    }

    /// <summary>Every symbol's newest price and sparkline, as the stream's <c>market</c> event carries them.</summary>
    public static ContentHttpResult GetMarket(MarketBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        return TypedResults.Text(WireJson.Serialize(board.Snapshot(_ => true).Select(s => MarketRow.From(s.Entry, s.Sparkline))), "application/json");
    }

    public static async Task<IResult> GetSymbolAsync(string symbol, PricingClient pricing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        var normalized = symbol?.ToUpperInvariant() ?? "";
        return QuoteRecordSerializer.IsValidSymbol(normalized)
            ? await ForwardAsync(() => pricing.QuoteAsync(normalized, cancellationToken))
            : InvalidSymbol();
    }

    public static async Task<IResult> GetBarsAsync(string symbol, string? interval, DateTimeOffset? from, DateTimeOffset? to, PricingClient pricing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        var normalized = symbol?.ToUpperInvariant() ?? "";
        return QuoteRecordSerializer.IsValidSymbol(normalized)
            ? await ForwardAsync(() => pricing.BarsAsync(normalized, interval, from, to, cancellationToken))
            : InvalidSymbol();
    }

    /// <summary>Pricing's answer as it is (its 400/404 problems included); 502 when pricing cannot be reached.</summary>
    private static async Task<IResult> ForwardAsync(Func<Task<UpstreamAnswer>> call)
    {
        try
        {
            var answer = await call();
            return TypedResults.Content(answer.Body, answer.ContentType ?? "application/json", statusCode: (int)answer.Status);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return TypedResults.Problem(title: "Pricing is unreachable", detail: "The pricing service did not answer; try again shortly.", statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static ValidationProblem InvalidSymbol() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbol"] = ["A symbol is 1-12 of A-Z 0-9 . - ^."] });
}
