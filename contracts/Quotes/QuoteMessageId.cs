using System.Security.Cryptography;
using System.Text;

namespace StockMonitor.Contracts.Quotes;

/// <summary>Deterministic message ids for records republished from Kinesis.</summary>
public static class QuoteMessageId
{
    /// <summary>
    /// A name-based UUID (version 5 layout, SHA-1) over (stream, shard, sequence number): the same
    /// record always gets the same id, so consumers and the broker can recognise a re-publication.
    /// </summary>
    public static Guid For(string streamName, string shardId, string sequenceNumber)
    {
        var name = Encoding.UTF8.GetBytes($"{streamName}/{shardId}/{sequenceNumber}");
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 prescribes for version-5 UUIDs; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    // Fixed namespace so ids are stable across versions and services.
    private static readonly byte[] Namespace = Guid.Parse("6f1b1d8e-3c0a-4b53-9d6e-5b7f6a2c9e41").ToByteArray(bigEndian: true);
}
