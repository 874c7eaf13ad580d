namespace StockMonitor.Ingestion.Finnhub;

/// <summary>A message of a type we do not use (Finnhub also sends e.g. news on some plans).</summary>
public sealed record FinnhubIgnoredFrame(string Type) : FinnhubFrame;
