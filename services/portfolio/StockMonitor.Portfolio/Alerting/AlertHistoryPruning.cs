using Marten;
using Microsoft.Extensions.Options;

namespace StockMonitor.Portfolio.Alerting;

/// <summary>
/// Deletes the alert firings triggered longer ago than <see cref="AlertHistoryOptions.AlertHistoryRetention"/>: at
/// start, then every hour. A failed round is logged and the next one tries again. Every replica runs it; deleting
/// what another replica already deleted is harmless.
/// </summary>
public sealed partial class AlertHistoryPruning(
    IDocumentStore store,
    TimeProvider time,
    IOptions<AlertHistoryOptions> options,
    ILogger<AlertHistoryPruning> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes the firings triggered before <paramref name="now"/> minus the retention.</summary>
    public async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.AlertHistoryRetention;
        await using var session = store.LightweightSession();
        session.DeleteWhere<AlertFiring>(f => f.TriggeredAt < cutoff);
        await session.SaveChangesAsync(cancellationToken);
        LogPruned(cutoff);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PruneAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex, Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted the alert firings triggered before {Cutoff}")]
    private partial void LogPruned(DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old alert firings; trying again in {Interval}")]
    private partial void LogFailed(Exception exception, TimeSpan interval);
}
