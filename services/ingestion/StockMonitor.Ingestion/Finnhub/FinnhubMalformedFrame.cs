namespace StockMonitor.Ingestion.Finnhub;

/// <summary>A message that is not JSON or not a Finnhub message at all; <paramref name="Problem"/> quotes its start.</summary>
public sealed record FinnhubMalformedFrame(string Problem) : FinnhubFrame;
