using Microsoft.Extensions.Options;
using StockMonitor.Archive.Lake;

namespace StockMonitor.Archive.Compaction;

/// <summary>Runs the <see cref="LakeCompactor"/> every <see cref="ArchiveOptions.CompactEvery"/> (never when it is zero); a failed run is logged and the next one tries again.</summary>
public sealed partial class CompactionService(LakeCompactor compactor, IOptions<ArchiveOptions> options, TimeProvider time, ILogger<CompactionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.CompactEvery;
        if (every <= TimeSpan.Zero)
        {
            LogDisabled();
            return;
        }

        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var result = await compactor.CompactRecentAsync(stoppingToken);
                if (result.Merged > 0)
                {
                    LogRun(result.Merged, result.Written, result.Rows);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lake compaction is off (Archive:CompactEvery is zero)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Lake compaction merged {Merged} objects into {Written} ({Rows} rows)")]
    private partial void LogRun(int merged, int written, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lake compaction failed; it runs again at its next tick")]
    private partial void LogFailed(Exception exception);
}
