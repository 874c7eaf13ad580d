using System.Diagnostics.Metrics;

namespace StockMonitor.Portfolio.Apis;

/// <summary>What an operator watches on the portfolio service (meter <c>StockMonitor.Portfolio</c>).</summary>
public sealed class PortfolioMetrics
{
    public const string MeterName = "StockMonitor.Portfolio";

    private readonly Counter<long> commands;
    private readonly Counter<long> valuationRefreshes;
    private readonly Counter<long> rateLimited;

    public PortfolioMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        commands = meter.CreateCounter<long>("stockmonitor.portfolio.commands", "{command}", "Commands handled, by command (endpoint name) and outcome");
        rateLimited = meter.CreateCounter<long>("stockmonitor.portfolio.rate_limited", "{request}", "API requests refused (429) because their subject was over Portfolio:RateLimit");
        valuationRefreshes = meter.CreateCounter<long>("stockmonitor.portfolio.valuation_refreshes", "{price}", "PriceChanged messages applied to the live prices valuations use (newer = it moved the price forward)");
    }

    /// <summary>The outcome of a command from its answer's status code.</summary>
    public static string Outcome(int statusCode) => statusCode switch
    {
        < 300 => "accepted",
        401 or 403 => "unauthorized",
        404 => "not_found",
        409 or 412 => "conflict",
        < 500 => "rejected",
        _ => "failed",
    };

    public void CommandHandled(string command, int statusCode) =>
        commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", Outcome(statusCode)));

    public void RateLimited() => rateLimited.Add(1);

    public void ValuationRefreshed(bool newer) => valuationRefreshes.Add(1, new KeyValuePair<string, object?>("newer", newer));

    /// <summary>Counts every command of the group when its answer is complete (whatever produced it: the endpoint, validation, a conflict).</summary>
    public static RouteGroupBuilder CountCommands(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var name = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unknown";
            var metrics = http.RequestServices.GetRequiredService<PortfolioMetrics>();
            http.Response.OnCompleted(() =>
            {
                metrics.CommandHandled(name, http.Response.StatusCode);
                return Task.CompletedTask;
            });
            return await next(context);
        });
        return group;
    }
}
