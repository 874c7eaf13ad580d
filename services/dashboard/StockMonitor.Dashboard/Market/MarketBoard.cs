using StockMonitor.Dashboard.Live;
using Microsoft.Extensions.Options;

namespace StockMonitor.Dashboard.Market;

/// <summary>
/// The newest price of every symbol and its intraday sparkline, in memory. Prices come from <c>PriceChanged</c> and
/// from the pricing API (at start, after the bus reconnects, and now and then); an older price never replaces a
/// newer one, so the two sources and redeliveries can arrive in any order. Every price that becomes the newest is
/// handed to the browsers' streams.
/// </summary>
public sealed class MarketBoard(ViewerRegistry viewers, IOptions<DashboardOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, BoardEntry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sparkline> sparklines = new(StringComparer.Ordinal);
    private readonly TimeSpan step = options.Value.SparklineStep;
    private readonly TimeSpan window = options.Value.SparklineWindow;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Takes <paramref name="quote"/> if it is newer than the symbol's price; returns whether it did.</summary>
    public bool Publish(SymbolQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        BoardEntry entry;
        lock (gate)
        {
            if (entries.TryGetValue(quote.Symbol, out var current) && current.Quote.ObservedAt >= quote.ObservedAt)
            {
                return false;
            }

            entry = new BoardEntry(quote, WireJson.Serialize(quote));
            entries[quote.Symbol] = entry;
            sparklines[quote.Symbol] = SparklineOfLocked(quote.Symbol).With(quote.ObservedAt, quote.Price, step, window);
        }

        viewers.OfferQuote(entry);
        return true;
    }

    public SymbolQuote? Get(string symbol)
    {
        lock (gate)
        {
            return entries.TryGetValue(symbol, out var entry) ? entry.Quote : null;
        }
    }

    /// <summary>The newest quotes of the symbols <paramref name="wanted"/> accepts, each with its sparkline.</summary>
    public IReadOnlyList<(BoardEntry Entry, Sparkline Sparkline)> Snapshot(Func<string, bool> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        lock (gate)
        {
            return entries.Values
                .Where(e => wanted(e.Quote.Symbol))
                .OrderBy(e => e.Quote.Symbol, StringComparer.Ordinal)
                .Select(e => (e, SparklineOfLocked(e.Quote.Symbol)))
                .ToList();
        }
    }

    /// <summary>Adds past closes (from the bars) under the points the live prices already made.</summary>
    public void SeedSparkline(string symbol, IEnumerable<SparkPoint> closes)
    {
        ArgumentNullException.ThrowIfNull(closes);
        var past = closes.OrderBy(c => c.At).Aggregate(Sparkline.Empty, (line, c) => line.With(c.At, c.Close, step, window));
        lock (gate)
        {
            var live = SparklineOfLocked(symbol);
            var merged = past.Points.Where(p => live.Points.Count == 0 || p.At < live.Points[0].At).Concat(live.Points).ToList();
            sparklines[symbol] = new Sparkline(merged);
        }
    }

    private Sparkline SparklineOfLocked(string symbol) => sparklines.TryGetValue(symbol, out var line) ? line : Sparkline.Empty;
}
