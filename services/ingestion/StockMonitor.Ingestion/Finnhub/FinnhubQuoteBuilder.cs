using StockMonitor.Contracts.Quotes;
using StockMonitor.Markets;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Turns a trade into a quote: the trade's price and time, plus the day's reference when one is known for the
/// trade's US trading day. The day's high and low are the REST snapshot's, widened by the regular-session trades
/// seen since (pre- and after-market trades do not move the official range). Used by the receive loop only.
/// </summary>
public sealed class FinnhubQuoteBuilder(FinnhubReferenceBook references)
{
    /// <summary>The symbols streamed are US-listed, which Finnhub prices in US dollars.</summary>
    public const string Currency = "USD";

    private readonly Dictionary<string, SessionRange> ranges = new(StringComparer.Ordinal);

    public Quote Build(FinnhubTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var day = UsMarket.TradingDay(trade.TradedAt);
        var reference = references.Find(trade.Symbol, day);
        decimal? high = null;
        decimal? low = null;
        if (reference is { High: { } h, Low: { } l })
        {
            if (ranges.TryGetValue(trade.Symbol, out var seen) && seen.Day == day)
            {
                h = Math.Max(h, seen.High);
                l = Math.Min(l, seen.Low);
            }

            if (UsMarket.IsOpen(trade.TradedAt))
            {
                h = Math.Max(h, trade.Price);
                l = Math.Min(l, trade.Price);
            }

            high = h;
            low = l;
        }

        // Volume stays null: a trade's "v" is the size of that one trade, while quote.v1's volume is the day's
        // cumulative volume; summing trade sizes from whenever we connected would understate it.
        return new Quote(trade.Symbol, trade.Price, Currency, reference?.Open, high, low, reference?.PreviousClose, null, trade.TradedAt, FinnhubProvider.Source);
    }

    /// <summary>Counts an accepted trade into its day's range (regular session only).</summary>
    public void Record(FinnhubTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (!UsMarket.IsOpen(trade.TradedAt))
        {
            return;
        }

        var day = UsMarket.TradingDay(trade.TradedAt);
        ranges[trade.Symbol] = ranges.TryGetValue(trade.Symbol, out var seen) && seen.Day == day
            ? new SessionRange(day, Math.Max(seen.High, trade.Price), Math.Min(seen.Low, trade.Price))
            : new SessionRange(day, trade.Price, trade.Price);
    }

    private readonly record struct SessionRange(DateOnly Day, decimal High, decimal Low);
}
