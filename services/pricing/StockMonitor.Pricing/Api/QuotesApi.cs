using Microsoft.AspNetCore.Http.HttpResults;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.LatestQuotes;

namespace StockMonitor.Pricing.Api;

/// <summary>Read API over the latest-quotes table.</summary>
public static class QuotesApi
{
    public static IEndpointRouteBuilder MapQuotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quotes").WithTags("Quotes");
        api.MapGet("/", GetQuotes).WithName("GetQuotes").WithSummary("The latest quote of every symbol, optionally only of ?symbols=AAPL,MSFT");
        api.MapGet("/{symbol}", GetQuote).WithName("GetQuote").WithSummary("The latest quote of one symbol")
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
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["symbol"] = ["A symbol is 1-12 of A-Z 0-9 . - ^."] });
        }

        var quote = await store.GetAsync(normalized, cancellationToken);
        return quote is null
            ? TypedResults.Problem(title: "Unknown symbol", detail: $"No quote has been received for '{normalized}'.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(quote);
    }
}
