using System.Numerics;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>Waits until the bridge has published everything that was put and an in-order test bus has received it.</summary>
internal static class Deliveries
{
    private const string MarkerStream = "test-marker";

    /// <summary>
    /// Waits until every shard's checkpoint in the lease table is the last record put on it (or SHARD_END): the
    /// bridge checkpoints only after the broker confirmed a batch, so everything it will ever publish for those
    /// records is queued by then. Then sends a marker through the broker to <paramref name="bus"/> (which must
    /// consume in order): once the marker arrives, everything queued before it was recorded. Returns the quotes
    /// <paramref name="bus"/> received from <paramref name="streamName"/>, in the order received, each with the
    /// MessageId of its run.
    /// </summary>
    public static async Task<IReadOnlyList<(QuoteReceived Message, Guid? MessageId)>> WaitForAllAsync(
        TestBus bus,
        LeaseTable table,
        string streamName,
        IReadOnlyList<PutQuote> put,
        TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(table);
        var tips = put.GroupBy(p => p.ShardId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => BigInteger.Parse(p.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture))!.SequenceNumber, StringComparer.Ordinal);
        IReadOnlyList<Lease> leases = [];
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    leases = await table.ListAsync(CancellationToken.None);
                    var checkpoints = leases.ToDictionary(l => l.ShardId, l => l.Checkpoint, StringComparer.Ordinal);
                    return tips.All(t => checkpoints.TryGetValue(t.Key, out var checkpoint) && (checkpoint == t.Value || checkpoint == Lease.ShardEnd));
                },
                "every shard checkpointed at the last record put on it",
                timeout);
        }
        catch (TimeoutException ex)
        {
            var state = string.Join("; ", leases.Select(l => $"{l.ShardId} owner={l.Owner} checkpoint={l.Checkpoint} tip={tips.GetValueOrDefault(l.ShardId)}"));
            throw new TimeoutException($"{ex.Message} Lease table: {state}", ex);
        }

        var marker = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await bus.PublishQuotesAsync([new QuoteReceived(new Quote("MARKER", 1m, null, null, null, null, null, null, now, "test"), MarkerStream, "marker", marker, now)]);
        await Eventually.HoldsAsync(
            () => Task.FromResult(bus.ReceivedQuotes().Any(m => m.StreamName == MarkerStream && m.SequenceNumber == marker)),
            "the marker sent through the broker after the last checkpoint",
            timeout);
        return bus.ReceivedWithIds<QuotesReceived>()
            .SelectMany(r => r.Message.Quotes.Select(q => (q, r.MessageId)))
            .Where(r => r.q.StreamName == streamName)
            .ToList();
    }
}
