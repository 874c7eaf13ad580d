using Marten;
using Microsoft.Extensions.Options;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Idempotency;

/// <summary>
/// Looks up the answer remembered under an <c>Idempotency-Key</c> and replays it. Records are written by
/// <see cref="PortfolioCommands"/> in the transaction of the events; a record older than the retention counts as absent.
/// </summary>
public sealed class IdempotencyRecords(IDocumentStore store, TimeProvider time, IOptions<IdempotencyOptions> options)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Whether <paramref name="record"/> is past the retention at <paramref name="now"/>.</summary>
    public bool IsExpired(IdempotencyRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.CreatedAt <= now - options.Value.IdempotencyRetention;
    }

    /// <summary>
    /// The earlier answer to <paramref name="key"/>, a 422 when the key named another request, or null when the key is
    /// new. An expired record is deleted here, so that the commit of the new answer can insert its own.
    /// </summary>
    public async Task<IResult?> ReplayAsync(HttpContext http, IdempotencyKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(key);
        IdempotencyRecord? record;
        await using (var query = store.QuerySession())
        {
            record = await query.LoadAsync<IdempotencyRecord>(key.RecordId, cancellationToken);
        }

        if (record is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (IsExpired(record, now))
        {
            // Only the record read here: a twin may have replaced it with a fresh answer meanwhile. (The database keeps
            // microseconds, the record ticks: the millisecond tells it from a fresh one, created days later.)
            var seen = record.CreatedAt.AddMilliseconds(1);
            await using var session = store.LightweightSession();
            session.DeleteWhere<IdempotencyRecord>(r => r.Id == key.RecordId && r.CreatedAt < seen);
            await session.SaveChangesAsync(cancellationToken);
            return null;
        }

        if (record.RequestHash != key.RequestHash)
        {
            return TypedResults.Problem(
                title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used for a different request; use a new key for a new request.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        http.Response.Headers[ReplayedHeader] = "true";
        return PortfolioCommands.Answer(http, record.StatusCode, record.Body, record.ETag, record.Location);
    }
}
