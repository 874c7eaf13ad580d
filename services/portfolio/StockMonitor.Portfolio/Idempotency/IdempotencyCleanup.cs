using Marten;
using Microsoft.Extensions.Options;
using StockMonitor.Portfolio.Extensions;

namespace StockMonitor.Portfolio.Idempotency;

/// <summary>
/// Deletes the idempotency records older than <see cref="IdempotencyOptions.IdempotencyRetention"/>, in batches so that
/// no statement locks many rows: at start, then every hour (<see cref="PeriodicCleanup"/>); racing deletes are harmless.
/// </summary>
public sealed partial class IdempotencyCleanup(
    IDocumentStore store,
    TimeProvider time,
    IOptions<IdempotencyOptions> options,
    ILogger<IdempotencyCleanup> logger) : PeriodicCleanup(time, logger)
{
    public const int BatchSize = 1_000;

    /// <summary>Deletes the records created at or before <paramref name="now"/> minus the retention; returns how many.</summary>
    public async Task<int> CleanUpAsync(DateTimeOffset now, CancellationToken cancellationToken, int batchSize = BatchSize)
    {
        var cutoff = now - options.Value.IdempotencyRetention;
        var deleted = 0;
        while (true)
        {
            await using var session = store.LightweightSession();
            var ids = await session.Query<IdempotencyRecord>()
                .Where(r => r.CreatedAt <= cutoff)
                .Select(r => r.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            // The cutoff again: a key reused after expiry may have been given a fresh record since the select.
            session.DeleteWhere<IdempotencyRecord>(r => ids.Contains(r.Id) && r.CreatedAt <= cutoff);
            await session.SaveChangesAsync(cancellationToken);
            deleted += ids.Count;
            if (ids.Count < batchSize)
            {
                break;
            }
        }

        LogCleaned(deleted, cutoff);
        return deleted;
    }

    protected override string What => "expired idempotency records";

    protected override Task CleanUpOnceAsync(DateTimeOffset now, CancellationToken cancellationToken) => CleanUpAsync(now, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} idempotency records created before {Cutoff}")]
    private partial void LogCleaned(int count, DateTimeOffset cutoff);
}
