namespace StockMonitor.Portfolio.RecordingTrades;

/// <summary>Record a trade executed at <paramref name="ExecutedAt"/>.</summary>
public sealed record RecordTrade(string Symbol, TradeSide Side, decimal Quantity, decimal Price, decimal Fees, DateTimeOffset ExecutedAt);
