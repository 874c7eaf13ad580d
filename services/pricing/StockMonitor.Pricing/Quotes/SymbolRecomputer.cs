using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Recomputes the touched minutes' bars from their ticks, rolls them up into hours and recomputes a symbol's day statistics, at most every
/// <see cref="Interval"/> per symbol and always once after its last change. Writes are guarded (counts only
/// grow), so the last recompute after the last tick leaves the tables as one sequential pass would.
/// </summary>
public sealed partial class SymbolRecomputer(
    BarWriter bars,
    DayStatisticsCalculator calculator,
    LatestQuoteStore latest,
    TimeProvider time,
    ILogger<SymbolRecomputer> logger) : BackgroundService
{
    /// <summary>
    /// The pause between rounds. Prices reach the latest table at once (the hot path); bars and statistics follow
    /// within about this long, so that recomputing does not take the store's capacity from the hot path under load.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private Dictionary<string, HashSet<DateTimeOffset>> dirty = new(StringComparer.Ordinal);
    private int running;

    /// <summary>Whether nothing is waiting or being recomputed (tests and benchmarks wait for it).</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return dirty.Count == 0 && Volatile.Read(ref running) == 0;
            }
        }
    }

    /// <summary>Notes that ticks of <paramref name="symbol"/> landed in these minutes.</summary>
    public void MarkDirty(string symbol, IEnumerable<DateTimeOffset> minutes)
    {
        lock (gate)
        {
            if (!dirty.TryGetValue(symbol, out var set))
            {
                dirty[symbol] = set = [];
            }

            set.UnionWith(minutes);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Dictionary<string, HashSet<DateTimeOffset>> work;
            lock (gate)
            {
                if (dirty.Count == 0)
                {
                    continue;
                }

                work = dirty;
                dirty = new(StringComparer.Ordinal);
                Interlocked.Increment(ref running);
            }

            try
            {
                await Parallel.ForEachAsync(
                    work,
                    new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = stoppingToken },
                    async (entry, cancellationToken) => await RecomputeAsync(entry.Key, entry.Value, cancellationToken));
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }
    }

    private async Task RecomputeAsync(string symbol, HashSet<DateTimeOffset> minutes, CancellationToken cancellationToken)
    {
        try
        {
            await bars.RollUpAsync(symbol, minutes, cancellationToken);

            // Statistics are of the newest trading day touched; an older day's late tick only changes its bars.
            var day = TradingDay.Of(minutes.Max());
            if (await calculator.ComputeAsync(symbol, day, cancellationToken) is { } statistics)
            {
                await latest.TryUpdateStatisticsAsync(symbol, statistics, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Put it back: the next round tries again.
            LogFailed(ex, symbol);
            MarkDirty(symbol, minutes);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recomputing {Symbol} failed; trying again")]
    private partial void LogFailed(Exception exception, string symbol);
}
