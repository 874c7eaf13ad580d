namespace StockMonitor.Portfolio.Valuation;

/// <summary>Pricing's API could not be reached, failed (after the client's retries) or answered something unreadable.</summary>
public sealed class PricingUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
