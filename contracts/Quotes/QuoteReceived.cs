namespace StockMonitor.Contracts.Quotes;

/// <summary>
/// A valid <c>quote.v1</c> record read from Kinesis (the bridge publishes them in runs, as <see cref="QuotesReceived"/>).
/// The Kinesis coordinates identify the record, so a re-published record carries the same <see cref="StreamName"/>,
/// <see cref="ShardId"/> and <see cref="SequenceNumber"/>; <see cref="QuoteMessageId"/> turns them into a stable id.
/// </summary>
public sealed record QuoteReceived(
    Quote Quote,
    string StreamName,
    string ShardId,
    string SequenceNumber,
    DateTimeOffset ArrivedAt);
