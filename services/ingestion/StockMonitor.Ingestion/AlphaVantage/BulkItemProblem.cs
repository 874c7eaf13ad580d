namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>An entry of a bulk answer that is not a usable quote; <paramref name="Symbol"/> is null when it has none.</summary>
public sealed record BulkItemProblem(string? Symbol, string Problem);
