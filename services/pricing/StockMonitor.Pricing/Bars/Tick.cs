using System.Security.Cryptography;
using System.Text;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Pricing.Bars;

/// <summary>
/// One received quote as the bars keep it: its identity (from its Kinesis coordinates, so a redelivered or
/// re-published quote is the same tick), when it was observed, its price and the cumulative day volume.
/// Ticks are ordered by (observed time, shard, sequence number): the same order whatever the arrival order.
/// </summary>
public sealed record Tick(string Id, DateTimeOffset ObservedAt, decimal Price, decimal? Volume, string OrderKey)
{
    public static Tick From(QuoteReceived received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var coordinates = $"{received.ShardId}/{received.SequenceNumber}";
        var id = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{received.StreamName}/{coordinates}")).AsSpan(0, 12))
            .Replace('+', '-').Replace('/', '_');
        // Sequence numbers are decimal strings of varying length: pad them so string order is numeric order.
        var orderKey = $"{DynamoTime.ToAttribute(received.Quote.ObservedAt)}|{received.ShardId}|{received.SequenceNumber.PadLeft(64, '0')}";
        return new Tick(id, received.Quote.ObservedAt, received.Quote.Price, received.Quote.Volume, orderKey);
    }

    /// <summary>Ticks in time order, each once.</summary>
    public static List<Tick> InOrder(IEnumerable<Tick> ticks) =>
        ticks.DistinctBy(t => t.Id).OrderBy(t => t.OrderKey, StringComparer.Ordinal).ToList();
}
