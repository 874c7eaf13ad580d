using Microsoft.AspNetCore.Http.HttpResults;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Quotes;

namespace StockMonitor.Pricing.Api;

/// <summary>Read API over the latest-quotes and bars tables, shaped for Grafana's JSON datasources and the dashboard.</summary>
public static class QuotesApi
{
    /// <summary>Most bars one request returns.</summary>
    public const int MaxBars = 5_000;

    public static IEndpointRouteBuilder MapQuotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quotes").WithTags("Quotes");
        api.MapGet("/", GetQuotes).WithName("GetQuotes").WithSummary("The latest quote of every symbol, optionally only of ?symbols=AAPL,MSFT");
        api.MapGet("/{symbol}", GetQuote).WithName("GetQuote").WithSummary("The latest quote and statistics of one symbol")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{symbol}/bars", GetBars).WithName("GetBars")
            .WithSummary("OHLCV bars of one symbol: ?interval=1m|1h&from=&to= (ISO-8601; default the last hour of 1m bars or the last day of 1h bars)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<LatestQuote>>> GetQuotes(LatestQuoteStore store, string? symbols, CancellationToken cancellationToken)
    {
        var all = await store.GetAllAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(symbols))
        {
            return TypedResults.Ok(all);
        }

        var wanted = symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<LatestQuote>>(all.Where(q => wanted.Contains(q.Symbol)).ToList());
    }

    public static async Task<Results<Ok<LatestQuote>, ProblemHttpResult, ValidationProblem>> GetQuote(
        string symbol, LatestQuoteStore store, CancellationToken cancellationToken)
    {
        var normalized = symbol.ToUpperInvariant();
        if (!QuoteRecordSerializer.IsValidSymbol(normalized))
        {
            return InvalidSymbol();
        }

        var quote = await store.GetAsync(normalized, cancellationToken);
        return quote is null ? UnknownSymbol(normalized) : TypedResults.Ok(quote);
    }

    public static async Task<Results<Ok<IReadOnlyList<BarView>>, ProblemHttpResult, ValidationProblem>> GetBars(
        string symbol, string? interval, DateTimeOffset? from, DateTimeOffset? to, BarStore bars, LatestQuoteStore latest, TimeProvider time, CancellationToken cancellationToken)
    {
        var normalized = symbol.ToUpperInvariant();
        var errors = new Dictionary<string, string[]>();
        if (!QuoteRecordSerializer.IsValidSymbol(normalized))
        {
            errors["symbol"] = ["A symbol is 1-12 of A-Z 0-9 . - ^."];
        }

        var size = BarInterval.Parse(interval ?? "1m");
        if (size is null)
        {
            errors["interval"] = ["Use 1m or 1h."];
        }

        var end = to ?? time.GetUtcNow();
        var start = from ?? end - (size == BarInterval.Hour ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1));
        if (start >= end)
        {
            errors["from"] = ["from must be before to."];
        }
        else if (size is not null && (end - start).Ticks / size.Length.Ticks > MaxBars)
        {
            errors["to"] = [$"At most {MaxBars} bars per request: narrow the range."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var found = await bars.RangeAsync(normalized, size!, size!.BucketOf(start), end, cancellationToken);
        if (found.Count == 0 && await latest.GetAsync(normalized, cancellationToken) is null)
        {
            return UnknownSymbol(normalized);
        }

        return TypedResults.Ok<IReadOnlyList<BarView>>(found.Select(BarView.From).ToList());
    }

    private static ValidationProblem InvalidSymbol() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbol"] = ["A symbol is 1-12 of A-Z 0-9 . - ^."] });

    private static ProblemHttpResult UnknownSymbol(string symbol) =>
        TypedResults.Problem(title: "Unknown symbol", detail: $"No quote has been received for '{symbol}'.", statusCode: StatusCodes.Status404NotFound);
}
