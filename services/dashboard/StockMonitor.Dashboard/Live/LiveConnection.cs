using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StockMonitor.Dashboard.Market;
using StockMonitor.Dashboard.Portfolios;
using StockMonitor.Dashboard.SigningIn;
using StockMonitor.Dashboard.Upstream;

namespace StockMonitor.Dashboard.Live;

/// <summary>
/// Writes one browser's Server-Sent Events: <c>hello</c>, a <c>market</c> snapshot of the symbols it follows, then
/// whatever its <see cref="Viewer"/> hands out (<c>quotes</c>, <c>portfolio</c>, <c>portfolios</c>, <c>alerts</c>,
/// <c>alert</c>, <c>session</c>, <c>ping</c>) until the browser goes away. The viewer is registered before the
/// snapshot is taken, so a price that changes meanwhile is in the snapshot or follows it, never lost; a reconnecting
/// browser gets a fresh snapshot, so it catches up on what it missed.
/// </summary>
public sealed partial class LiveConnection(ViewerScope scope, ViewerSession? session) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        var registry = services.GetRequiredService<ViewerRegistry>();
        var board = services.GetRequiredService<MarketBoard>();
        var metrics = services.GetRequiredService<DashboardMetrics>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<LiveConnection>>();
        // The stream ends when the browser goes or the service stops (the page then reconnects, to another replica).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = ending.Token;

        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        // Proxies (nginx, some load balancers) must not hold the stream back to buffer it.
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var viewer = new Viewer(scope, session, time, options);
        AccountFeed? feed = null;
        if (session is not null)
        {
            feed = new AccountFeed(viewer, services.GetRequiredService<PortfolioClient>(), board, time, options, metrics, logger);
            viewer.Listener = feed;
        }

        registry.Add(viewer);
        LogOpened(logger, scope.AllSymbols ? "*" : string.Join(',', scope.Symbols), scope.Portfolio, session?.Subject);
        Task? following = null;
        try
        {
            var writer = new EventWriter(response, metrics);
            await writer.WriteRetryAsync(TimeSpan.FromSeconds(1), cancellationToken);
            await writer.WriteAsync(new LiveEvent("hello", WireJson.Serialize(new
            {
                instance = Environment.MachineName,
                serverTime = time.GetUtcNow(),
                subject = session?.Subject,
                quoteIntervalMs = options.QuoteInterval.TotalMilliseconds,
                heartbeatMs = options.HeartbeatInterval.TotalMilliseconds,
                sparklineStepMs = options.SparklineStep.TotalMilliseconds,
            })), cancellationToken);
            var snapshot = board.Snapshot(scope.Wants);
            viewer.MarkSent(snapshot.Select(s => s.Entry.Quote));
            await writer.WriteAsync(new LiveEvent("market", WireJson.Serialize(snapshot.Select(s => MarketRow.From(s.Entry, s.Sparkline)))), cancellationToken);
            await writer.FlushAsync(cancellationToken);

            following = feed?.RunAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = await viewer.NextAsync(cancellationToken);
                var writing = time.GetTimestamp();
                foreach (var liveEvent in due)
                {
                    await writer.WriteAsync(liveEvent, cancellationToken);
                }

                await writer.FlushAsync(cancellationToken);
                metrics.BatchWritten(time.GetElapsedTime(writing));
                var now = time.GetUtcNow();
                foreach (var quote in due.Where(e => e.Quotes is not null).SelectMany(e => e.Quotes!))
                {
                    metrics.PriceDelivered(now - quote.ReceivedAt);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // The browser closed the page or lost the connection.
        }
        finally
        {
            registry.Remove(viewer);
            if (following is not null)
            {
                await following;
            }

            LogClosed(logger, session?.Subject);
        }
    }

    /// <summary>The signed-in user of a request, when the token carries the scope to read portfolios.</summary>
    public static async Task<ViewerSession?> SessionOfAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || !SessionClaims.CanReadPortfolios(user))
        {
            return null;
        }

        var token = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.GetTokenAsync(http, "access_token");
        return token is null ? null : new ViewerSession(user.FindFirstValue("sub") ?? "?", token, SessionClaims.ExpiresAt(user));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream opened: symbols {Symbols}, portfolio {Portfolio}, subject {Subject}")]
    private static partial void LogOpened(ILogger logger, string symbols, Guid? portfolio, string? subject);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream closed (subject {Subject})")]
    private static partial void LogClosed(ILogger logger, string? subject);
}
