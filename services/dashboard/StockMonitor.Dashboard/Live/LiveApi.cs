using Microsoft.AspNetCore.Http.HttpResults;

namespace StockMonitor.Dashboard.Live;

/// <summary>The live stream: one Server-Sent Events connection per page.</summary>
public static class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/live", OpenStream).WithName("OpenLiveConnection").WithTags("Live")
            .WithSummary("Server-Sent Events: ?symbols=* (every symbol) or ?symbols=AAPL,MSFT; signed in: ?portfolio=ID, ?portfolios=true")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<LiveConnection, ValidationProblem, ProblemHttpResult>> OpenStream(
        HttpContext http, string? symbols, string? portfolio, bool? portfolios)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (scope, errors) = ViewerScope.Parse(symbols, portfolio, portfolios);
        if (scope is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var session = await LiveConnection.SessionOfAsync(http);
        if (session is null && (scope.Portfolio is not null || scope.PortfolioList))
        {
            return TypedResults.Problem(
                title: "Sign in to follow portfolios",
                detail: "Portfolios are shown to their owner only: sign in with a token that has the portfolios:read scope.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return new LiveConnection(scope, session);
    }
}
