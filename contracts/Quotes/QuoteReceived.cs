namespace StockMonitor.Contracts.Quotes;

/// <summary>
/// A valid <c>quote.v1</c> record read from Kinesis. The Kinesis coordinates identify the record, so a
/// re-published record carries the same <see cref="StreamName"/>, <see cref="ShardId"/> and
/// <see cref="SequenceNumber"/> (and the same MessageId, see <see cref="QuoteMessageId"/>).
/// </summary>
public sealed record QuoteReceived(
    Quote Quote,
    string StreamName,
    string ShardId,
    string SequenceNumber,
    DateTimeOffset ArrivedAt);
