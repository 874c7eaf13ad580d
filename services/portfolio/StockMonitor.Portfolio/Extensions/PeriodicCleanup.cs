namespace StockMonitor.Portfolio.Extensions;

/// <summary>
/// A clean-up run at start and then every <see cref="Interval"/>; a failed round is logged and the next one tries again.
/// Every replica runs it, so each round must be harmless when another replica has just done the same.
/// </summary>
public abstract partial class PeriodicCleanup(TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>What is cleaned up, for the log ("expired idempotency records").</summary>
    protected abstract string What { get; }

    /// <summary>One round, as of <paramref name="now"/>.</summary>
    protected abstract Task CleanUpOnceAsync(DateTimeOffset now, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await CleanUpOnceAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex, What, Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {What}; trying again in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what, TimeSpan interval);
}
