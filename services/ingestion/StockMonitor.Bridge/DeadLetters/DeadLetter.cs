namespace StockMonitor.Bridge.DeadLetters;

/// <summary>A rejected record as stored in the lake; <see cref="Data"/> is the record's bytes in base64.</summary>
public sealed record DeadLetter(
    string StreamName,
    string ShardId,
    string SequenceNumber,
    string PartitionKey,
    DateTimeOffset ApproximateArrivalTimestamp,
    string Reason,
    DateTimeOffset DeadLetteredAt,
    string Data);
