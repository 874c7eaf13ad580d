using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Ingestion.Replay;

/// <summary>One parsed CSV row: the quote as recorded, or why the row is unusable.</summary>
public sealed record ReplayRow(int Line, Quote? Quote, string? Error);
