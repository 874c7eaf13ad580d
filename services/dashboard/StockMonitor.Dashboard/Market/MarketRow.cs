namespace StockMonitor.Dashboard.Market;

/// <summary>A line of the market snapshot: the newest quote and the sparkline (<c>t</c> = step start, epoch ms; <c>c</c> = close).</summary>
public sealed record MarketRow(SymbolQuote Quote, IReadOnlyList<MarketRow.Point> Sparkline)
{
    public static MarketRow From(BoardEntry entry, Sparkline line)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(line);
        return new(entry.Quote, line.Points.Select(p => new Point(p.At.ToUnixTimeMilliseconds(), p.Close)).ToList());
    }

    public sealed record Point(long T, decimal C);
}
