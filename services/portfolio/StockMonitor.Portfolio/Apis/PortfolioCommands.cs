using System.Text;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StockMonitor.Portfolio.Idempotency;
using StockMonitor.Portfolio.OpeningPortfolios;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// Runs a command against a portfolio stream: the state (this replica's copy, <see cref="PortfolioStateCache"/>, or the
/// snapshot and the events after it), owner check, the expected version of <c>If-Match</c> (412 when stale), the pure
/// decision, and an append at the version decided on, which fails when the stream has moved on (the command then decides
/// again on the state read anew). The snapshot is stored every <see cref="SnapshotOptions.SnapshotEvery"/> events, and
/// the <c>Idempotency-Key</c> record, in the same transaction. The headers are read
/// by endpoint filters (<see cref="IfMatchFilter"/>, <see cref="IdempotencyKeyFilter"/>), which pass their values here.
/// </summary>
public sealed partial class PortfolioCommands(
    IDocumentStore store,
    IOptions<JsonOptions> json,
    IOptions<PortfolioCapOptions> cap,
    IdempotencyRecords idempotency,
    PortfolioStateCache states,
    IOptions<SnapshotOptions> snapshots,
    PortfolioViews views,
    TimeProvider time,
    ILogger<PortfolioCommands> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>First key of the transaction-scoped advisory lock that makes one owner's opens take turns ("PORT").</summary>
    private const int OwnerLockClass = 0x504F5254;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Opens a portfolio for the caller (the only command that starts a stream).</summary>
    public async Task<IResult> OpenAsync(HttpContext http, IdempotencyKey? key, PortfolioOpened opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(opened);
        await using var session = store.LightweightSession();
        // The cap holds under racing opens: one owner's opens take turns on a lock held until this transaction ends, so
        // each counts every portfolio committed before it (a separate statement after the lock: a fresh snapshot).
        await session.BeginTransactionAsync(cancellationToken);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?, hashtext(?))", cancellationToken, OwnerLockClass, opened.Owner);
        var owned = await session.Query<PortfolioState>().CountAsync(p => p.Owner == opened.Owner, cancellationToken);
        var limit = cap.Value.MaxPortfoliosPerOwner;
        if (owned >= limit)
        {
            // A twin with the same Idempotency-Key may have opened the last one allowed: it answers for this request.
            return (key is null ? null : await idempotency.ReplayAsync(http, key, cancellationToken)) ?? TypedResults.Problem(
                title: "Portfolio limit reached",
                detail: $"The owner already has {owned} portfolios (closed ones count), the most allowed (Portfolio:MaxPortfoliosPerOwner = {limit}).",
                statusCode: StatusCodes.Status409Conflict);
        }

        var state = PortfolioSnapshots.StartStream(session, opened.PortfolioId, [opened]);
        var outcome = new CommandOutcome(StatusCodes.Status201Created, views.Of(state), $"/api/portfolios/{opened.PortfolioId}");
        if (await CommitAsync(http, session, key, outcome, version: 1, cancellationToken) is { } result)
        {
            states.Set(new LoadedPortfolio(state, state.Version));
            return result;
        }

        return await idempotency.ReplayAsync(http, key!, cancellationToken) ?? Conflict();
    }

    /// <summary>
    /// Decides on the current state and appends. <paramref name="respond"/> shapes a non-default answer (the
    /// default is 200 with the portfolio); it gets the state after the events and its version. <paramref name="expected"/>:
    /// the version the caller saw (null: any).
    /// </summary>
    public async Task<IResult> ExecuteAsync(
        HttpContext http,
        Guid id,
        long? expected,
        IdempotencyKey? key,
        Func<PortfolioState, IReadOnlyList<object>> decide,
        CancellationToken cancellationToken,
        Func<PortfolioState, IReadOnlyList<object>, CommandOutcome>? respond = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(decide);
        var owner = http.User.Owner();
        // This replica's commands on one portfolio take turns; other replicas are caught by the versioned append.
        using var turn = await states.TurnAsync(id, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await using var session = store.LightweightSession();
            var cached = states.Get(id);
            if ((cached ?? await PortfolioSnapshots.LoadAsync(session, id, cancellationToken)) is not { } loaded || loaded.State.Owner != owner)
            {
                // Only the owner may learn that the portfolio exists.
                return NotFound(id);
            }

            var state = loaded.State;
            if (expected is { } seen && state.Version != seen)
            {
                if (cached is not null)
                {
                    // The copy in memory may be the old one (another replica wrote since): ask the database.
                    states.Remove(id);
                    continue;
                }

                return PreconditionFailed(seen);
            }

            IReadOnlyList<object> events;
            PortfolioState after;
            try
            {
                try
                {
                    (events, after) = DecideAndFold(state, decide);
                }
                catch (HistoryNeededException)
                {
                    // Back-dated: the snapshot keeps no history, so read it from the stream and decide again.
                    state = await PortfolioHistory.WithHistoryAsync(session, state, cancellationToken);
                    (events, after) = DecideAndFold(state, decide);
                }
            }
            catch (RuleViolationException violation)
            {
                if (cached is not null)
                {
                    // A refusal is only given on the state the database holds, never on a copy that may be old.
                    states.Remove(id);
                    continue;
                }

                return TypedResults.Problem(title: violation.Title, detail: violation.Message, statusCode: violation.Status);
            }

            if (events.Count == 0 && cached is not null)
            {
                // Nothing to append, so no version check would catch an old copy: answer from the database's state.
                states.Remove(id);
                continue;
            }

            // The commit fails if the stream is no longer at the version decided on (another replica, or an old copy).
            var snapshotVersion = events.Count == 0
                ? loaded.SnapshotVersion
                : PortfolioSnapshots.Append(session, after, events, loaded.SnapshotVersion, snapshots.Value.SnapshotEvery);

            var outcome = respond?.Invoke(after, events) ?? new CommandOutcome(StatusCodes.Status200OK, views.Of(after));
            IResult? result;
            try
            {
                result = await CommitAsync(http, session, key, outcome, after.Version, cancellationToken);
            }
            catch (ConcurrencyException)
            {
                states.Remove(id);
                if (expected is not null && cached is null)
                {
                    return PreconditionFailed(expected.Value);
                }

                LogRetry(id, attempt);
                continue;
            }
            catch
            {
                states.Remove(id);
                throw;
            }

            if (result is not null)
            {
                states.Set(new LoadedPortfolio(after, snapshotVersion));
                return result;
            }

            // Another request with the same Idempotency-Key committed first: answer what it answered.
            states.Remove(id);
            return await idempotency.ReplayAsync(http, key!, cancellationToken) ?? Conflict();
        }

        return TypedResults.Problem(title: "Too much contention", detail: $"Portfolio {id} kept changing; try again.", statusCode: StatusCodes.Status409Conflict);
    }

    private static (IReadOnlyList<object> Events, PortfolioState After) DecideAndFold(PortfolioState state, Func<PortfolioState, IReadOnlyList<object>> decide)
    {
        var events = decide(state);
        return (events, events.Aggregate(state, (s, e) => s.After(e)));
    }

    // Null when the idempotency record already existed (a concurrent twin won).
    private async Task<IResult?> CommitAsync(HttpContext http, IDocumentSession session, IdempotencyKey? key, CommandOutcome outcome, long version, CancellationToken cancellationToken)
    {
        // Serialized once, straight to UTF-8: what is sent, and (as text) what a replay sends.
        var body = JsonSerializer.SerializeToUtf8Bytes(outcome.Body, json.Value.SerializerOptions);
        var etag = ETag(version);
        if (key is not null)
        {
            session.Insert(new IdempotencyRecord(
                key.RecordId, key.RequestHash, outcome.StatusCode, Encoding.UTF8.GetString(body), etag, outcome.Location, time.GetUtcNow()));
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException) when (key is not null)
        {
            return null;
        }

        return Answer(http, outcome.StatusCode, body, etag, outcome.Location);
    }

    /// <summary>A replayed answer: the JSON body as stored (so a replay is byte for byte the same), ETag and Location.</summary>
    public static IResult Answer(HttpContext http, int status, string body, string? etag, string? location) =>
        Answer(http, status, Encoding.UTF8.GetBytes(body), etag, location);

    /// <summary>A command's answer: the UTF-8 JSON body, ETag and Location.</summary>
    public static IResult Answer(HttpContext http, int status, byte[] body, string? etag, string? location)
    {
        if (etag is not null)
        {
            http.Response.Headers.ETag = etag;
        }

        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        return new JsonAnswer(status, body);
    }

    public static string ETag(long version) => $"\"{version}\"";

    public static IResult NotFound(Guid id) =>
        TypedResults.Problem(title: "Portfolio not found", detail: $"There is no portfolio {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult PreconditionFailed(long expected) =>
        TypedResults.Problem(
            title: "Portfolio changed",
            detail: $"If-Match named version {expected}, but the portfolio has changed since; fetch it again and retry with its ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed);

    private static ProblemHttpResult Conflict() =>
        TypedResults.Problem(title: "Conflict", detail: "A concurrent request with the same Idempotency-Key did not finish; retry.", statusCode: StatusCodes.Status409Conflict);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Portfolio {PortfolioId} changed under a command; attempt {Attempt} retries")]
    private partial void LogRetry(Guid portfolioId, int attempt);

    /// <summary>JSON already encoded, written as it is.</summary>
    private sealed class JsonAnswer(int status, byte[] body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => status;

        public string ContentType => "application/json; charset=utf-8";

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            httpContext.Response.ContentLength = body.Length;
            return httpContext.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
