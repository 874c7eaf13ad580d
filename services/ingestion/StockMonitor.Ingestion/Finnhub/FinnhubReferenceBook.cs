using System.Collections.Concurrent;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>The latest reference per symbol: written by the REST fetcher, read by the trade stream.</summary>
public sealed class FinnhubReferenceBook
{
    private readonly ConcurrentDictionary<string, FinnhubDailyReference> references = new(StringComparer.Ordinal);

    public void Set(string symbol, FinnhubDailyReference reference) => references[symbol] = reference;

    /// <summary>The reference of <paramref name="symbol"/> for <paramref name="day"/>; null when none is known for that day.</summary>
    public FinnhubDailyReference? Find(string symbol, DateOnly day) =>
        references.TryGetValue(symbol, out var reference) && reference.Day == day ? reference : null;
}
