using StockMonitor.Contracts.Identity;

namespace StockMonitor.Contracts.Quotes;

/// <summary>Deterministic message ids for records republished from Kinesis.</summary>
public static class QuoteMessageId
{
    /// <summary>
    /// A name-based UUID (version 5 layout, SHA-1) over (stream, shard, sequence number): the same
    /// record always gets the same id, so consumers and the broker can recognise a re-publication.
    /// </summary>
    public static Guid For(string streamName, string shardId, string sequenceNumber) =>
        NameBasedGuid.Create(Namespace, $"{streamName}/{shardId}/{sequenceNumber}");

    // Fixed namespace so ids are stable across versions and services.
    private static readonly Guid Namespace = Guid.Parse("6f1b1d8e-3c0a-4b53-9d6e-5b7f6a2c9e41");
}
