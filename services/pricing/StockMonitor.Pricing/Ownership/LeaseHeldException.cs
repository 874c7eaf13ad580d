namespace StockMonitor.Pricing.Ownership;

/// <summary>Another instance holds the pricing lease: the batch waits (unacknowledged) and is tried again.</summary>
public sealed class LeaseHeldException(string message) : Exception(message);
