namespace StockMonitor.Portfolio.Valuation;

/// <summary>Past prices could not be read (pricing's API is unreachable or failing): returns cannot be computed right now.</summary>
public sealed class PriceHistoryUnavailableException(Exception inner) : Exception("The price history (hour bars from the pricing service) could not be read.", inner);
