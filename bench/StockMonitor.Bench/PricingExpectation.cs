using StockMonitor.Contracts.Quotes;
using StockMonitor.Markets;

namespace StockMonitor.Bench;

/// <summary>
/// What the pricing tables must show once every quote of a set is in: per symbol, 1-minute bars whose counts add
/// up to its quotes, its newest quote in the latest table, and statistics over all ticks of its newest trading day.
/// </summary>
internal sealed class PricingExpectation
{
    private readonly Dictionary<string, (int Count, Quote Newest, int DayCount)> bySymbol;

    private PricingExpectation(Dictionary<string, (int Count, Quote Newest, int DayCount)> bySymbol) => this.bySymbol = bySymbol;

    public int Symbols => bySymbol.Count;

    public static PricingExpectation Of(IEnumerable<Quote> quotes) =>
        new(quotes.GroupBy(q => q.Symbol, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                var newest = g.MaxBy(q => q.ObservedAt)!;
                var day = UsMarket.TradingDay(newest.ObservedAt);
                return (g.Count(), newest, g.Count(q => UsMarket.TradingDay(q.ObservedAt) == day));
            },
            StringComparer.Ordinal));

    /// <summary>Every symbol's latest item holds its newest quote (same time, same price).</summary>
    public bool LatestComplete(IReadOnlyDictionary<string, LatestRow> rows) => bySymbol.All(e =>
    {
        if (!rows.TryGetValue(e.Key, out var row) || row.ObservedAt < e.Value.Newest.ObservedAt)
        {
            return false;
        }

        return row.ObservedAt == e.Value.Newest.ObservedAt && row.Price == e.Value.Newest.Price
            ? true
            : throw new InvalidOperationException($"The latest item of {e.Key} holds {row.Price} at {row.ObservedAt:O}; the newest quote put is {e.Value.Newest.Price} at {e.Value.Newest.ObservedAt:O}.");
    });

    /// <summary>Every symbol's statistics cover all ticks of its newest trading day.</summary>
    public bool StatisticsComplete(IReadOnlyDictionary<string, LatestRow> rows) =>
        bySymbol.All(e => rows.TryGetValue(e.Key, out var row) && row.StatsQuoteCount == e.Value.DayCount);

    /// <summary>Every symbol's 1-minute bars count exactly its quotes; more than that is a bug and throws.</summary>
    public bool BarsComplete(IReadOnlyDictionary<string, long> minuteCounts) => bySymbol.All(e =>
    {
        var count = minuteCounts.GetValueOrDefault(e.Key);
        return count <= e.Value.Count
            ? count == e.Value.Count
            : throw new InvalidOperationException($"The 1m bars of {e.Key} count {count} ticks; only {e.Value.Count} quotes were published.");
    });

    /// <summary>Symbols whose latest newest quote is there but which lack something, for a timeout message.</summary>
    public string Describe(IReadOnlyDictionary<string, LatestRow> rows, IReadOnlyDictionary<string, long>? minuteCounts)
    {
        var latestBehind = bySymbol.Count(e => !rows.TryGetValue(e.Key, out var row) || row.ObservedAt < e.Value.Newest.ObservedAt);
        var statsBehind = bySymbol.Count(e => !rows.TryGetValue(e.Key, out var row) || row.StatsQuoteCount != e.Value.DayCount);
        var barsBehind = minuteCounts is null ? "not read" : bySymbol.Count(e => minuteCounts.GetValueOrDefault(e.Key) != e.Value.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"of {bySymbol.Count} symbols, {latestBehind} lack their newest quote, {statsBehind} their full statistics, bars incomplete: {barsBehind}";
    }
}
