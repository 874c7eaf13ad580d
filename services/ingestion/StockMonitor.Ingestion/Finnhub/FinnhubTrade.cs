namespace StockMonitor.Ingestion.Finnhub;

/// <summary>One trade of the stream: symbol <c>s</c>, price <c>p</c> (exact decimal), time <c>t</c> (UTC).</summary>
public sealed record FinnhubTrade(string Symbol, decimal Price, DateTimeOffset TradedAt);
