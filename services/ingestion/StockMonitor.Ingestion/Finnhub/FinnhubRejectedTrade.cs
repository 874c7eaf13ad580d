namespace StockMonitor.Ingestion.Finnhub;

/// <summary>An entry of a trade frame that is not a usable trade: its symbol when it had one, and what is wrong.</summary>
public sealed record FinnhubRejectedTrade(string? Symbol, string Problem);
