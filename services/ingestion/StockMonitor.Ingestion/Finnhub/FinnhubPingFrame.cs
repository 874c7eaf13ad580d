namespace StockMonitor.Ingestion.Finnhub;

/// <summary><c>{"type":"ping"}</c>: the server checks we are alive; we answer <c>{"type":"pong"}</c>.</summary>
public sealed record FinnhubPingFrame : FinnhubFrame
{
    public static FinnhubPingFrame Instance { get; } = new();
}
