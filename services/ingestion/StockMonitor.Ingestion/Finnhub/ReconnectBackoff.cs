namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Waits between reconnection attempts: the ceiling starts at <paramref name="initial"/> and doubles per attempt up
/// to <paramref name="max"/>; each wait is drawn between half the ceiling and the ceiling ("equal jitter"), so many
/// clients dropped together do not come back in lockstep, yet each still waits a predictable minimum.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    private readonly TimeSpan first = initial;
    private TimeSpan ceiling = initial;

    /// <summary>The wait before the next attempt; grows the ceiling for the one after.</summary>
    public TimeSpan Next()
    {
        var current = ceiling < max ? ceiling : max;
        ceiling = TimeSpan.FromTicks(Math.Min(current.Ticks * 2, max.Ticks));
        var half = current.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(random.NextDouble() * (current.Ticks - half)));
    }

    /// <summary>Back to <paramref name="initial"/> after a healthy connection.</summary>
    public void Reset() => ceiling = first;
}
