namespace StockMonitor.Ingestion.Finnhub;

/// <summary><c>{"type":"error","msg":"..."}</c>; <paramref name="Symbol"/> when the message names one in a <c>symbol</c> field.</summary>
public sealed record FinnhubErrorFrame(string Message, string? Symbol) : FinnhubFrame;
