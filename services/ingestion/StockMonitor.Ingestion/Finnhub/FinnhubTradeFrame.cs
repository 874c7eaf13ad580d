namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// <c>{"type":"trade","data":[...]}</c>: the usable trades in the order they came, and the entries that could
/// not be read (each is reported; the others of the frame still go on).
/// </summary>
public sealed record FinnhubTradeFrame(IReadOnlyList<FinnhubTrade> Trades, IReadOnlyList<FinnhubRejectedTrade> Rejected) : FinnhubFrame
{
    /// <summary>Every entry of <c>data</c>, usable or not.</summary>
    public int Count => Trades.Count + Rejected.Count;
}
