using JasperFx.Events;
using Marten;
using StockMonitor.Auth;
using StockMonitor.Portfolio.Alerting;
using StockMonitor.Portfolio.Idempotency;
using StockMonitor.Portfolio.CorporateActions;
using StockMonitor.Portfolio.ManagingPortfolios;
using StockMonitor.Portfolio.MovingCash;
using StockMonitor.Portfolio.OpeningPortfolios;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.RecordingTrades;
using StockMonitor.Portfolio.Valuation;
using StockMonitor.Portfolio.Watching;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// HTTP commands and queries of portfolios. Every command takes a body of one shape (<see cref="ICommandRequest{TCommand}"/>,
/// validated before anything else) or none, answers with the portfolio (the opened portfolio or the added rule: 201 and
/// Location) and its <c>ETag</c> (= stream version), honours <c>Idempotency-Key</c> and, on an existing portfolio,
/// <c>If-Match</c> (both by endpoint filters), and reports every error as ProblemDetails.
/// </summary>
public static class PortfoliosApi
{
    public static IEndpointRouteBuilder MapPortfoliosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/portfolios").WithTags("Portfolios")
            .RequireRateLimiting(SubjectRateLimit.PolicyName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        var read = api.MapGroup("").RequireAuthorization(Scopes.PortfoliosRead);
        // Every command: a body validated alike (400), and Idempotency-Key (replay, or 422 for a key of another request).
        var idempotency = new IdempotencyKeyFilter();
        var write = PortfolioMetrics.CountCommands(api.MapGroup("").RequireAuthorization(Scopes.PortfoliosWrite))
            .AddEndpointFilter(idempotency).WithMetadata(idempotency)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        read.MapGet("/", ListPortfolios).WithName("ListPortfolios").WithSummary("The caller's portfolios")
            .Produces<IReadOnlyList<PortfolioSummaryView>>();
        read.MapGet("/{id:guid}", GetPortfolio).WithName("GetPortfolio").WithSummary("Holdings, valuation at live prices, P&L and returns since opening")
            .Produces<PortfolioView>().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:guid}/events", GetEvents).WithName("GetPortfolioEvents").WithSummary("The audit trail: every event in order")
            .Produces<IReadOnlyList<PortfolioEventView>>().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:guid}/performance", GetPerformance).WithName("GetPortfolioPerformance")
            .WithSummary("Time-weighted and money-weighted returns over ?from=&to= (dates, UTC days; default: since opening) and the daily values behind them")
            .Produces<PerformanceReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        read.MapGet("/{id:guid}/alerts/fired", GetFiredAlerts).WithName("GetFiredAlerts")
            .WithSummary($"The recent firings of the portfolio's alert rules, newest first (?limit=, 1-{MaxFiredAlerts}, default {DefaultFiredAlerts})")
            .Produces<IReadOnlyList<AlertFiringView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        write.MapPost("/", OpenPortfolio).WithName("OpenPortfolio")
            .WithSummary("Open a portfolio owned by the token's subject (409 beyond Portfolio:MaxPortfoliosPerOwner)")
            .Accepts<OpenPortfolioRequest>("application/json").Produces<PortfolioView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new CommandExample(new OpenPortfolioRequest("Retirement", "USD")));

        // Commands on an existing portfolio also honour If-Match; each answers the portfolio, or 404/409/412.
        var ifMatch = new IfMatchFilter();
        var portfolio = write.MapGroup("/{id:guid}").AddEndpointFilter(ifMatch).WithMetadata(ifMatch)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        // Examples that the API accepts in this order on a new portfolio (a test sends them).
        static DateTimeOffset On(int month, int day) => new(2026, month, day, 15, 30, 0, TimeSpan.Zero);
        Command<CashRequest, DepositCash>(portfolio, "/deposits", "DepositCash", "Cash in (an external flow)",
            new CashRequest(10_000m, On(1, 2)), (p, c, _) => CashDecision.Handle(p, c));
        Command<CashRequest, WithdrawCash>(portfolio, "/withdrawals", "WithdrawCash", "Cash out (an external flow); not more than the cash",
            new CashRequest(250.5m, On(1, 5)), (p, c, _) => CashDecision.Handle(p, c));
        Command<FeeRequest, ChargeFee>(portfolio, "/fees", "ChargeFee", "A fee not tied to a trade, paid from cash",
            new FeeRequest(4.99m, "custody fee", On(1, 5)), (p, c, _) => CashDecision.Handle(p, c));
        Command<RecordTradeRequest, RecordTrade>(portfolio, "/trades", "RecordTrade", "A buy (needs the cash) or sell (needs the shares) at executedAt, back-dated or not",
            new RecordTradeRequest("AAPL", "buy", 0.5m, 189.123456m, On(1, 3), 1m), (p, c, _) => RecordTradeDecision.Handle(p, c));
        Command<DividendRequest, RecordDividend>(portfolio, "/dividends", "RecordDividend", "A cash dividend received on a holding",
            new DividendRequest("AAPL", 0.12m, On(2, 12)), (p, c, _) => CorporateActionDecision.Handle(p, c));
        Command<SplitRequest, RecordSplit>(portfolio, "/splits", "RecordSplit", "A stock split: open lots' quantities × ratio, cost unchanged",
            new SplitRequest("AAPL", 4m, On(3, 2)), (p, c, _) => CorporateActionDecision.Handle(p, c));
        Command<WatchRequest, string>(portfolio, "/watchlist", "WatchSymbol", "Watch a symbol (streamed and priced though not held)",
            new WatchRequest("MSFT"), WatchlistDecision.Watch);
        Command<RenameRequest, string>(portfolio, "/rename", "RenamePortfolio", "Give the portfolio a new name",
            new RenameRequest("Long term"), PortfolioDecision.Rename);
        portfolio.MapPost("/close", ClosePortfolio).WithName("ClosePortfolio").WithSummary("Close the portfolio; it accepts nothing more")
            .Produces<PortfolioView>();
        portfolio.MapPost("/alerts", AddAlertRule).WithName("AddAlertRule").WithSummary("A price alert rule (above/below a level, or a move of X % within a window)")
            .Accepts<AlertRuleRequest>("application/json").Produces<AlertRuleView>(StatusCodes.Status201Created)
            .WithMetadata(new CommandExample(new AlertRuleRequest("AAPL", "below", 180.5m)));
        portfolio.MapDelete("/alerts/{ruleId:guid}", RemoveAlertRule).WithName("RemoveAlertRule").WithSummary("Remove an alert rule")
            .Produces<PortfolioView>();
        portfolio.MapDelete("/watchlist/{symbol}", UnwatchSymbol).WithName("UnwatchSymbol").WithSummary("Stop watching a symbol")
            .Produces<PortfolioView>();
        return app;
    }

    /// <summary>
    /// Keeps the body of a request with an <c>Idempotency-Key</c> readable after model binding has read it, so that
    /// <see cref="IdempotencyKeyFilter"/> can check the key against the whole request. Must run before the endpoints
    /// (a filter is too late: the body is bound before filters run).
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyKeyFilter.Header))
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });

    /// <summary>The values a command takes from the request besides its body: the caller and the time.</summary>
    private static CommandContext ContextOf(HttpContext http, PortfolioCommands commands) => new(commands.Now, http.User.Owner());

    /// <summary>
    /// Maps a command with a body, all alike: the body is validated (400 naming each field), then
    /// <paramref name="decide"/> runs on the portfolio with the command and the time; the answer is the portfolio.
    /// </summary>
    private static void Command<TRequest, TCommand>(
        RouteGroupBuilder portfolio,
        string pattern,
        string name,
        string summary,
        TRequest example,
        Func<PortfolioState, TCommand, DateTimeOffset, IReadOnlyList<object>> decide)
        where TRequest : class, ICommandRequest<TCommand>
        where TCommand : class
    {
        portfolio.MapPost(pattern, async (Guid id, TRequest request, PortfolioCommands commands, HttpContext http, CancellationToken cancellationToken) =>
                request.ToCommand(ContextOf(http, commands), out var errors) is { } command
                    ? await commands.ExecuteAsync(http, id, IfMatchFilter.ExpectedVersionOf(http), IdempotencyKeyFilter.KeyOf(http), p => decide(p, command, commands.Now), cancellationToken)
                    : TypedResults.ValidationProblem(errors))
            .WithName(name)
            .WithSummary(summary)
            .Accepts<TRequest>("application/json")
            .Produces<PortfolioView>()
            .WithMetadata(new CommandExample(example));
    }

    public static async Task<IResult> OpenPortfolio(OpenPortfolioRequest request, PortfolioCommands commands, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.ToCommand(ContextOf(http, commands), out var errors);
        return command is null
            ? TypedResults.ValidationProblem(errors)
            : await commands.OpenAsync(http, IdempotencyKeyFilter.KeyOf(http), OpenPortfolioDecision.Handle(command, commands.Now), cancellationToken);
    }

    public static Task<IResult> ClosePortfolio(Guid id, PortfolioCommands commands, HttpContext http, CancellationToken cancellationToken) =>
        commands.ExecuteAsync(http, id, IfMatchFilter.ExpectedVersionOf(http), IdempotencyKeyFilter.KeyOf(http), p => PortfolioDecision.Close(p, commands.Now), cancellationToken);

    public static async Task<IResult> AddAlertRule(Guid id, AlertRuleRequest request, PortfolioCommands commands, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.ToCommand(ContextOf(http, commands), out var errors);
        if (command is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await commands.ExecuteAsync(
            http,
            id,
            IfMatchFilter.ExpectedVersionOf(http),
            IdempotencyKeyFilter.KeyOf(http),
            p => AlertRuleDecision.Add(p, command, commands.Now),
            cancellationToken,
            (after, _) =>
            {
                var rule = after.AlertRules.Single(r => r.RuleId == command.RuleId);
                return new CommandOutcome(
                    StatusCodes.Status201Created,
                    new AlertRuleView(rule.RuleId, rule.Symbol, rule.Condition, rule.Threshold, rule.WindowMinutes, rule.CooldownMinutes, rule.AddedAt),
                    $"/api/portfolios/{id}/alerts/{rule.RuleId}");
            });
    }

    public static Task<IResult> RemoveAlertRule(Guid id, Guid ruleId, PortfolioCommands commands, HttpContext http, CancellationToken cancellationToken) =>
        commands.ExecuteAsync(http, id, IfMatchFilter.ExpectedVersionOf(http), IdempotencyKeyFilter.KeyOf(http), p => AlertRuleDecision.Remove(p, ruleId, commands.Now), cancellationToken);

    public static Task<IResult> UnwatchSymbol(Guid id, string symbol, PortfolioCommands commands, HttpContext http, CancellationToken cancellationToken) =>
        commands.ExecuteAsync(http, id, IfMatchFilter.ExpectedVersionOf(http), IdempotencyKeyFilter.KeyOf(http), p => WatchlistDecision.Unwatch(p, symbol.Trim().ToUpperInvariant(), commands.Now), cancellationToken);

    public static async Task<IResult> ListPortfolios(IQuerySession session, PortfolioViews views, HttpContext http, CancellationToken cancellationToken)
    {
        var owner = http.User.Owner();
        var snapshots = await session.Query<PortfolioState>().Where(p => p.Owner == owner).OrderBy(p => p.OpenedAt).ToListAsync(cancellationToken);
        var portfolios = await PortfolioSnapshots.CatchUpAsync(session, snapshots, cancellationToken);
        return TypedResults.Ok(portfolios.Select(views.Summary).ToList());
    }

    public static async Task<IResult> GetPortfolio(Guid id, IQuerySession session, PortfolioViews views, PerformanceService performance, HttpContext http, CancellationToken cancellationToken)
    {
        if (await LoadOwnAsync(session, http, id, cancellationToken) is not { } portfolio)
        {
            return PortfolioCommands.NotFound(id);
        }

        PerformanceSummaryView? returns = null;
        try
        {
            returns = await performance.SinceOpeningAsync(portfolio, cancellationToken);
        }
        catch (PriceHistoryUnavailableException)
        {
            // Holdings and live valuation do not need the history: answer them, without returns.
        }

        http.Response.Headers.ETag = PortfolioCommands.ETag(portfolio.Version);
        return TypedResults.Ok(views.Of(portfolio, returns));
    }

    public static async Task<IResult> GetEvents(Guid id, IQuerySession session, HttpContext http, CancellationToken cancellationToken)
    {
        if (await LoadOwnAsync(session, http, id, cancellationToken) is null)
        {
            return PortfolioCommands.NotFound(id);
        }

        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        return TypedResults.Ok(events.Select(e => new PortfolioEventView(e.Version, e.EventType.Name, e.Timestamp, e.Data)).ToList());
    }

    public const int MaxPerformanceDays = 3_660;

    public static async Task<IResult> GetPerformance(
        Guid id, DateOnly? from, DateOnly? to, IQuerySession session, PerformanceService performance, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (await LoadOwnAsync(session, http, id, cancellationToken) is not { } portfolio)
        {
            return PortfolioCommands.NotFound(id);
        }

        var start = from ?? DateOnly.FromDateTime(portfolio.OpenedAt.UtcDateTime);
        var end = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        if (start > end)
        {
            errors["from"] = ["from must not be after to."];
        }
        else if (end.DayNumber - start.DayNumber >= MaxPerformanceDays)
        {
            errors["to"] = [$"At most {MaxPerformanceDays} days per request."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            return TypedResults.Ok(await performance.PeriodAsync(portfolio, start, end, cancellationToken));
        }
        catch (PriceHistoryUnavailableException ex)
        {
            return TypedResults.Problem(title: "Price history unavailable", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public const int DefaultFiredAlerts = 50;
    public const int MaxFiredAlerts = 500;

    public static async Task<IResult> GetFiredAlerts(Guid id, int? limit, IQuerySession session, HttpContext http, CancellationToken cancellationToken)
    {
        if (await LoadOwnAsync(session, http, id, cancellationToken) is null)
        {
            return PortfolioCommands.NotFound(id);
        }

        var count = limit ?? DefaultFiredAlerts;
        if (count is < 1 or > MaxFiredAlerts)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxFiredAlerts}."] });
        }

        var firings = await session.Query<AlertFiring>()
            .Where(f => f.PortfolioId == id)
            .OrderByDescending(f => f.TriggeredAt)
            .ThenByDescending(f => f.ObservedAt)
            .Take(count)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(firings.Select(f => new AlertFiringView(f.RuleId, f.Symbol, f.Condition, f.Threshold, f.Price, f.ObservedAt, f.TriggeredAt)).ToList());
    }

    private static async Task<PortfolioState?> LoadOwnAsync(IQuerySession session, HttpContext http, Guid id, CancellationToken cancellationToken)
    {
        var portfolio = (await PortfolioSnapshots.LoadAsync(session, id, cancellationToken))?.State;
        return portfolio is not null && portfolio.Owner == http.User.Owner() ? portfolio : null;
    }
}
