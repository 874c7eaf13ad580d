using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Bars;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// What the owning pricing instance holds in memory for one symbol: its newest quote (the latest item as stored,
/// with changes not yet written) and, per trading day, its hours and minutes as far as they are loaded. A minute's
/// bar is the <see cref="Segment"/> of the set of its ticks, so a tick seen twice changes nothing; the hours and
/// the day statistics are derived from the minutes. <see cref="PriceBook"/> loads what is missing and writes what
/// changed.
/// </summary>
public sealed class SymbolBook(string symbol, Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> latestItem)
{
    public string Symbol { get; } = symbol;

    /// <summary>The latest-table item as it will be written: the newest quote's attributes and the statistics.</summary>
    public Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> LatestItem { get; } = latestItem;

    /// <summary>Order key of the newest quote (stored or not yet written); null before the first.</summary>
    public string? NewestKey { get; set; } = latestItem.TryGetValue("tieKey", out var key) ? key.S : null;

    /// <summary>The trading day the statistics are of (they only move to newer days).</summary>
    public string? StatsDay => LatestItem.TryGetValue("statsDay", out var day) ? day.S : null;

    public bool LatestDirty { get; set; }

    /// <summary>Whether a tick was accepted since the statistics were last derived.</summary>
    public bool StatisticsDirty { get; set; }

    public SortedDictionary<DateOnly, DayBook> Days { get; } = [];
}

/// <summary>A trading day of a symbol: its hours (all of them known once <see cref="HoursLoaded"/>).</summary>
public sealed class DayBook(TradingDay day)
{
    public TradingDay Day { get; } = day;

    public bool HoursLoaded { get; set; }

    public SortedDictionary<DateTimeOffset, HourBook> Hours { get; } = [];

    /// <summary>Whether a tick of the day was accepted since its bars were last written.</summary>
    public bool BarsDirty { get; set; }
}

/// <summary>An hour: its minutes when loaded (<see cref="Minutes"/> null otherwise), and its bar as last stored or written.</summary>
public sealed class HourBook(DateTimeOffset start)
{
    public DateTimeOffset Start { get; } = start;

    public SortedDictionary<DateTimeOffset, MinuteBook>? Minutes { get; set; }

    /// <summary>The hour's bar as stored (loaded or last written by this instance).</summary>
    public BarRecord? Written { get; set; }

    private Segment? aggregate;
    private bool aggregateKnown;

    /// <summary>The summary of the hour's ticks: from its minutes when loaded, else the stored bar's.</summary>
    public Segment? Aggregate
    {
        get
        {
            if (Minutes is null)
            {
                return Written?.Segment;
            }

            if (!aggregateKnown)
            {
                aggregate = Minutes.Values.Select(m => m.Segment).OfType<Segment>().Aggregate((Segment?)null, (a, b) => a is null ? b : a.Then(b));
                aggregateKnown = true;
            }

            return aggregate;
        }
    }

    /// <summary>Notes that a minute of the hour changed.</summary>
    public void Changed() => aggregateKnown = false;
}

/// <summary>A minute: its ticks when loaded (<see cref="Ticks"/> null otherwise) and their summary.</summary>
public sealed class MinuteBook(DateTimeOffset start)
{
    public DateTimeOffset Start { get; } = start;

    /// <summary>The minute's ticks by id; null when not loaded (the stored bar holds them all).</summary>
    public Dictionary<string, Tick>? Ticks { get; set; }

    public Segment? Segment { get; set; }

    /// <summary>The minute's bar as stored (loaded or last written by this instance).</summary>
    public BarRecord? Written { get; set; }

    /// <summary>Adds a tick unless it is there; returns whether it is new.</summary>
    public bool Add(Tick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        Ticks ??= [];
        if (!Ticks.TryAdd(tick.Id, tick))
        {
            return false;
        }

        // In order (the usual case) the summary extends; a tick inside the minute's span needs the ticks again.
        Segment = Segment is null ? Segment.Of(tick)
            : string.CompareOrdinal(tick.OrderKey, Segment.LastKey) > 0 ? Segment.Then(Segment.Of(tick))
            : Segment.Of(Ticks.Values);
        return true;
    }
}
