using System.Collections.Concurrent;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// The newest price per symbol, from <c>PriceChanged</c> and, at start, the latest-quotes table. An older price
/// never replaces a newer one, so redeliveries and out-of-order messages are harmless.
/// </summary>
public sealed class LivePrices
{
    private readonly ConcurrentDictionary<string, LivePrice> prices = new(StringComparer.Ordinal);

    public int Count => prices.Count;

    public LivePrice? Get(string symbol) => prices.TryGetValue(symbol, out var price) ? price : null;

    /// <summary>Keeps <paramref name="price"/> unless a newer one is held; returns whether it was kept.</summary>
    public bool Update(LivePrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return ReferenceEquals(prices.AddOrUpdate(price.Symbol, price, (_, current) => price.ObservedAt > current.ObservedAt ? price : current), price);
    }
}
