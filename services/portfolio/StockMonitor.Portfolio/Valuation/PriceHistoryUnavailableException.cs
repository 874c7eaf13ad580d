namespace StockMonitor.Portfolio.Valuation;

/// <summary>Past prices could not be read (the bars table is unreachable): returns cannot be computed right now.</summary>
public sealed class PriceHistoryUnavailableException(Exception inner) : Exception("The price history (hour bars in DynamoDB) could not be read.", inner);
