using Microsoft.Extensions.Options;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// Keeps a symbol's bars and statistics following its ticks, in two tiers so that the work stays small under load:
/// every <see cref="Interval"/> the touched minutes' bars are recomputed from their ticks (two calls a minute);
/// at most every <c>Pricing:StatisticsInterval</c> per symbol (default 15 s) — and always once after its last change —
/// the hours are rolled up (cross-bar volumes, hour bars) and the day statistics recomputed (~13 calls). Writes are
/// guarded (counts only grow), so the last pass after the last tick leaves the tables as one sequential pass would.
/// </summary>
public sealed partial class SymbolRecomputer(
    BarWriter bars,
    DayStatisticsCalculator calculator,
    LatestQuoteStore latest,
    TimeProvider time,
    IOptions<PricingOptions> options,
    ILogger<SymbolRecomputer> logger) : BackgroundService
{
    /// <summary>The pause between rounds of minute bars.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly TimeSpan statisticsInterval = options.Value.StatisticsInterval;
    private readonly Lock gate = new();
    private Dictionary<string, HashSet<DateTimeOffset>> dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<DateTimeOffset>> pendingHours = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> lastFull = new(StringComparer.Ordinal);
    private int running;

    /// <summary>Whether nothing is waiting or being recomputed (tests and benchmarks wait for it).</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return dirty.Count == 0 && pendingHours.Count == 0 && Volatile.Read(ref running) == 0;
            }
        }
    }

    /// <summary>Notes that ticks of <paramref name="symbol"/> landed in these minutes.</summary>
    public void MarkDirty(string symbol, IEnumerable<DateTimeOffset> minutes) => Add(dirty, symbol, minutes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = stoppingToken };
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Dictionary<string, HashSet<DateTimeOffset>> minutes;
            List<KeyValuePair<string, HashSet<DateTimeOffset>>> due;
            lock (gate)
            {
                if (dirty.Count == 0 && pendingHours.Count == 0)
                {
                    continue;
                }

                minutes = dirty;
                dirty = new(StringComparer.Ordinal);
                Interlocked.Increment(ref running);
            }

            try
            {
                await Parallel.ForEachAsync(minutes, parallel, async (entry, cancellationToken) => await SummarizeAsync(entry.Key, entry.Value, cancellationToken));

                var now = time.GetUtcNow();
                lock (gate)
                {
                    due = pendingHours.Where(p => !lastFull.TryGetValue(p.Key, out var at) || now - at >= statisticsInterval).ToList();
                    foreach (var (symbol, _) in due)
                    {
                        pendingHours.Remove(symbol);
                        lastFull[symbol] = now;
                    }
                }

                await Parallel.ForEachAsync(due, parallel, async (entry, cancellationToken) => await RollUpAsync(entry.Key, entry.Value, cancellationToken));
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }
    }

    private void Add(Dictionary<string, HashSet<DateTimeOffset>> map, string symbol, IEnumerable<DateTimeOffset> minutes)
    {
        lock (gate)
        {
            if (!map.TryGetValue(symbol, out var set))
            {
                map[symbol] = set = [];
            }

            set.UnionWith(minutes);
        }
    }

    private async Task SummarizeAsync(string symbol, HashSet<DateTimeOffset> minutes, CancellationToken cancellationToken)
    {
        try
        {
            await bars.SummarizeMinutesAsync(symbol, minutes, cancellationToken);
            Add(pendingHours, symbol, minutes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Put it back: the next round tries again.
            LogFailed(ex, symbol);
            MarkDirty(symbol, minutes);
        }
    }

    private async Task RollUpAsync(string symbol, HashSet<DateTimeOffset> minutes, CancellationToken cancellationToken)
    {
        try
        {
            await bars.RollUpHoursAsync(symbol, minutes, cancellationToken);

            // Statistics are of the newest trading day touched; an older day's late tick only changes its bars.
            var day = TradingDay.Of(minutes.Max());
            if (await calculator.ComputeAsync(symbol, day, cancellationToken) is { } statistics)
            {
                await latest.TryUpdateStatisticsAsync(symbol, statistics, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, symbol);
            Add(pendingHours, symbol, minutes);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recomputing {Symbol} failed; trying again")]
    private partial void LogFailed(Exception exception, string symbol);
}
