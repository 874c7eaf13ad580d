using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using StockMonitor.Portfolio.OpeningPortfolios;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.RecordingTrades;

namespace StockMonitor.Portfolio.Apis;

/// <summary>HTTP commands and queries of portfolios.</summary>
public static class PortfoliosApi
{
    // Until authentication lands, every portfolio belongs to the demo owner.
    private const string DemoOwner = "demo";

    public static IEndpointRouteBuilder MapPortfoliosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/portfolios").WithTags("Portfolios");
        api.MapPost("/", OpenPortfolio).WithName("OpenPortfolio");
        api.MapGet("/{id:guid}", GetPortfolio).WithName("GetPortfolio").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/trades", RecordTrade).WithName("RecordTrade")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Created<PortfolioView>, ValidationProblem>> OpenPortfolio(
        OpenPortfolioRequest request, IDocumentSession session, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        var currency = (request.Currency ?? "USD").Trim().ToUpperInvariant();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors["name"] = ["Required: 1-100 characters."];
        }

        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["An ISO 4217 code such as USD."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var opened = OpenPortfolioDecision.Handle(new OpenPortfolio(Guid.CreateVersion7(), name!, DemoOwner, currency), time.GetUtcNow());
        session.Events.StartStream<Portfolios.Portfolio>(opened.PortfolioId, opened);
        await session.SaveChangesAsync(cancellationToken);

        var view = PortfolioView.From(Portfolios.Portfolio.Create(opened)) with { Version = 1 };
        http.Response.Headers.ETag = ETag(1);
        return TypedResults.Created($"/api/portfolios/{opened.PortfolioId}", view);
    }

    public static async Task<Results<Ok<PortfolioView>, ProblemHttpResult>> GetPortfolio(
        Guid id, IQuerySession session, HttpContext http, CancellationToken cancellationToken)
    {
        var portfolio = await session.LoadAsync<Portfolios.Portfolio>(id, cancellationToken);
        if (portfolio is null || portfolio.Owner != DemoOwner)
        {
            return NotFound(id);
        }

        http.Response.Headers.ETag = ETag(portfolio.Version);
        return TypedResults.Ok(PortfolioView.From(portfolio));
    }

    public static async Task<Results<Ok<PortfolioView>, ValidationProblem, ProblemHttpResult>> RecordTrade(
        Guid id, RecordTradeRequest request, IDocumentSession session, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = request.Validate(out var command);
        if (command is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stream = await session.Events.FetchForWriting<Portfolios.Portfolio>(id, cancellationToken);
        if (stream.Aggregate is not { } portfolio || portfolio.Owner != DemoOwner)
        {
            return NotFound(id);
        }

        object @event;
        try
        {
            @event = RecordTradeDecision.Handle(portfolio, command);
        }
        catch (RuleViolationException violation)
        {
            return TypedResults.Problem(title: violation.Title, detail: violation.Message, statusCode: StatusCodes.Status409Conflict);
        }

        stream.AppendOne(@event);
        await session.SaveChangesAsync(cancellationToken);

        var updated = Apply(portfolio, @event);
        var version = (stream.StartingVersion ?? 0) + 1;
        http.Response.Headers.ETag = ETag(version);
        return TypedResults.Ok(PortfolioView.From(updated) with { Version = version });
    }

    private static Portfolios.Portfolio Apply(Portfolios.Portfolio state, object @event) => @event switch
    {
        SharesBought e => state.Apply(e),
        SharesSold e => state.Apply(e),
        _ => throw new InvalidOperationException($"Unexpected event {@event.GetType().Name}"),
    };

    private static string ETag(long version) => $"\"{version}\"";

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Portfolio not found", detail: $"There is no portfolio {id}.", statusCode: StatusCodes.Status404NotFound);
}
