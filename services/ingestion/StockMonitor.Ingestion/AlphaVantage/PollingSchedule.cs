namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// Which symbols to poll next: round-robin over the current universe (it may change between two calls), starting
/// after the last symbol polled, so that every symbol gets its turn whatever the universe becomes. A symbol is due
/// when it is not parked (unknown to the source) and was not polled within the last <paramref name="minInterval"/>.
/// </summary>
public sealed class PollingSchedule(TimeSpan minInterval)
{
    private readonly Dictionary<string, DateTimeOffset> parkedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> restingUntil = new(StringComparer.Ordinal);
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

    /// <summary>
    /// Moves the rotation past the last of <paramref name="batch"/>, asked for at <paramref name="now"/>, and rests each
    /// of its symbols for the least interval.
    /// </summary>
    public void Polled(IReadOnlyList<string> batch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        lastPolled = batch[^1];
        if (minInterval <= TimeSpan.Zero)
        {
            return;
        }

        // Forget rests that are over, so symbols that left the universe do not accumulate.
        foreach (var rested in restingUntil.Where(r => r.Value <= now).Select(r => r.Key).ToList())
        {
            restingUntil.Remove(rested);
        }

        foreach (var symbol in batch)
        {
            restingUntil[symbol] = now + minInterval;
        }
    }

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

    public bool IsParked(string symbol, DateTimeOffset now) => parkedUntil.TryGetValue(symbol, out var until) && until > now;

    /// <summary>Zero when a symbol is due; the time until the first one is due otherwise; null for an empty universe.</summary>
    public TimeSpan? TimeUntilDue(IReadOnlyCollection<string> universe, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(universe);
        if (universe.Count == 0)
        {
            return null;
        }

        var soonest = universe.Min(s => DueAt(s, now));
        return soonest - now;
    }

    private DateTimeOffset DueAt(string symbol, DateTimeOffset now)
    {
        var due = now;
        if (parkedUntil.TryGetValue(symbol, out var parked) && parked > due)
        {
            due = parked;
        }

        if (restingUntil.TryGetValue(symbol, out var resting) && resting > due)
        {
            due = resting;
        }

        return due;
    }

    private bool IsDue(string symbol, DateTimeOffset now) => DueAt(symbol, now) <= now;
}
