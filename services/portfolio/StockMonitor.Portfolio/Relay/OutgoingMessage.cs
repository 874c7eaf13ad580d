namespace StockMonitor.Portfolio.Relay;

/// <summary>A bus message the relay publishes, with the MessageId that identifies a re-publication.</summary>
public sealed record OutgoingMessage(object Message, Guid MessageId);
