namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// Which symbols to poll next: round-robin over the current universe (it may change between two calls), starting
/// after the last symbol polled, so that every symbol gets its turn whatever the universe becomes. Parked symbols
/// (unknown to the source) are passed over until their time comes.
/// </summary>
public sealed class PollingSchedule
{
    private readonly Dictionary<string, DateTimeOffset> parkedUntil = new(StringComparer.Ordinal);
    private string? lastPolled;

    /// <summary>
    /// Up to <paramref name="max"/> due symbols of <paramref name="universe"/> (sorted ordinally), following the
    /// last one polled and wrapping around; each at most once.
    /// </summary>
    public IReadOnlyList<string> Next(IReadOnlyCollection<string> universe, DateTimeOffset now, int max)
    {
        ArgumentNullException.ThrowIfNull(universe);
        var after = lastPolled;
        var rotation = after is null
            ? universe
            : universe.Where(s => string.CompareOrdinal(s, after) > 0).Concat(universe.Where(s => string.CompareOrdinal(s, after) <= 0));
        return rotation.Where(s => IsDue(s, now)).Take(max).ToList();
    }

    /// <summary>Moves the rotation past <paramref name="symbol"/> (the last symbol of the call just made).</summary>
    public void Polled(string symbol) => lastPolled = symbol;

    /// <summary>Leaves <paramref name="symbol"/> out until <paramref name="until"/>.</summary>
    public void Park(string symbol, DateTimeOffset until, DateTimeOffset now)
    {
        foreach (var expired in parkedUntil.Where(p => p.Value <= now).Select(p => p.Key).ToList())
        {
            parkedUntil.Remove(expired);
        }

        parkedUntil[symbol] = until;
    }

    public void Unpark(string symbol) => parkedUntil.Remove(symbol);

    public bool IsParked(string symbol, DateTimeOffset now) => !IsDue(symbol, now);

    /// <summary>Zero when a symbol is due; the time until the first parked one is due otherwise; null for an empty universe.</summary>
    public TimeSpan? TimeUntilDue(IReadOnlyCollection<string> universe, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(universe);
        if (universe.Count == 0)
        {
            return null;
        }

        var soonest = universe.Min(s => parkedUntil.TryGetValue(s, out var until) && until > now ? until : now);
        return soonest - now;
    }

    private bool IsDue(string symbol, DateTimeOffset now) => !parkedUntil.TryGetValue(symbol, out var until) || until <= now;
}
