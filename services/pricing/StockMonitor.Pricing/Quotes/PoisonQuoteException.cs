using StockMonitor.ServiceDefaults;

namespace StockMonitor.Pricing.Quotes;

/// <summary>
/// A quote that can never be recorded (invalid content, or one that DynamoDB rejects on its own). Its message goes to
/// the error queue at once, with this reason, and no other quote is held back by it.
/// </summary>
public sealed class PoisonQuoteException(string message) : UnrecoverableMessageException(message);
