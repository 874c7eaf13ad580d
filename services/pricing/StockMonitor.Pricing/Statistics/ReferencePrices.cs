using StockMonitor.Pricing.Bars;

namespace StockMonitor.Pricing.Statistics;

/// <summary>Reference prices for moves (alert rules over a window) read from the stored ticks, safe to use concurrently.</summary>
public sealed class ReferencePrices(BarStore store)
{
    /// <summary>How far back a reference price is looked for across gaps.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(7);

    /// <summary>The price of the last tick observed at or before <paramref name="instant"/>, across gaps; null when there is none.</summary>
    /// <remarks>Ticks are written with (never after) the state that announced them, so an announced quote's window is complete.</remarks>
    public async Task<decimal?> PriceAtOrBeforeAsync(string symbol, DateTimeOffset instant, CancellationToken cancellationToken) =>
        (await store.LastTickAtOrBeforeAsync(symbol, instant, instant - LookBack, cancellationToken))?.Price;
}
