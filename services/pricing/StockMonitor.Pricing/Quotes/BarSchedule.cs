namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// When each symbol's bars are written: once per <c>interval</c>, each symbol at a phase of its own (from a stable
/// hash of its name), so that the symbols' bar writes spread evenly over the interval instead of landing in one cycle.
/// The phase holds whatever happens: a write that comes late (a slow cycle, a DynamoDB pause) is followed by the
/// symbol's next slot, not by one a whole interval after the late write — otherwise one slow cycle would line every
/// symbol up on the same instant for good. Times are offsets from any fixed origin (the recorder's start).
/// </summary>
public sealed class BarSchedule(TimeSpan interval)
{
    private readonly Dictionary<string, TimeSpan> dueAt = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="symbol"/>'s bars are due at <paramref name="now"/>; a symbol first seen is due at its first slot after now.</summary>
    public bool IsDue(string symbol, TimeSpan now)
    {
        if (!dueAt.TryGetValue(symbol, out var due))
        {
            dueAt[symbol] = due = NextSlot(symbol, now);
        }

        return due <= now;
    }

    /// <summary>
    /// Of <paramref name="symbols"/>, those whose bars are due at <paramref name="now"/>, at most <paramref name="most"/>,
    /// the longest overdue first. The others stay due and come first in a later cycle: a symbol's bars are written later
    /// (with more ticks each), the number of bar writes per second stays within the budget.
    /// </summary>
    public HashSet<string> Due(IEnumerable<string> symbols, TimeSpan now, int most)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        return symbols.Distinct(StringComparer.Ordinal)
            .Where(s => IsDue(s, now))
            .OrderBy(s => dueAt[s])
            .ThenBy(s => s, StringComparer.Ordinal)
            .Take(most)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Notes that <paramref name="symbol"/>'s bars were written at <paramref name="now"/>: the next write is at its next slot after now.</summary>
    public void Written(string symbol, TimeSpan now) => dueAt[symbol] = NextSlot(symbol, now);

    /// <summary>The first instant after <paramref name="now"/> at the symbol's phase of the interval.</summary>
    public TimeSpan NextSlot(string symbol, TimeSpan now)
    {
        var period = Math.Max(1, interval.Ticks);
        var phase = (long)(Fnv1a(symbol) % (ulong)period);
        var slot = (now.Ticks - phase) / period * period + phase;
        return TimeSpan.FromTicks(slot > now.Ticks ? slot : slot + period);
    }

    /// <summary>FNV-1a over the symbol's characters: the same phase in every process (string hash codes are randomized per process).</summary>
    private static uint Fnv1a(string symbol)
    {
        var hash = 2166136261u;
        foreach (var c in symbol)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
