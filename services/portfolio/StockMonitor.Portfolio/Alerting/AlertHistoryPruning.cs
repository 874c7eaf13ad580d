using Marten;
using Microsoft.Extensions.Options;
using StockMonitor.Portfolio.Extensions;

namespace StockMonitor.Portfolio.Alerting;

/// <summary>
/// Deletes the alert firings triggered longer ago than <see cref="AlertHistoryOptions.AlertHistoryRetention"/>: at
/// start, then every hour (<see cref="PeriodicCleanup"/>); deleting what another replica already deleted is harmless.
/// </summary>
public sealed partial class AlertHistoryPruning(
    IDocumentStore store,
    TimeProvider time,
    IOptions<AlertHistoryOptions> options,
    ILogger<AlertHistoryPruning> logger) : PeriodicCleanup(time, logger)
{

    /// <summary>Deletes the firings triggered before <paramref name="now"/> minus the retention.</summary>
    public async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.AlertHistoryRetention;
        await using var session = store.LightweightSession();
        session.DeleteWhere<AlertFiring>(f => f.TriggeredAt < cutoff);
        await session.SaveChangesAsync(cancellationToken);
        LogPruned(cutoff);
    }

    protected override string What => "old alert firings";

    protected override Task CleanUpOnceAsync(DateTimeOffset now, CancellationToken cancellationToken) => PruneAsync(now, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted the alert firings triggered before {Cutoff}")]
    private partial void LogPruned(DateTimeOffset cutoff);
}
