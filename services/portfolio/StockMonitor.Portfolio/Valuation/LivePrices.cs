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

    public void Update(LivePrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        prices.AddOrUpdate(price.Symbol, price, (_, current) => price.ObservedAt > current.ObservedAt ? price : current);
    }
}
