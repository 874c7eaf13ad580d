using System.Collections.Concurrent;

namespace StockMonitor.Bridge.Reading;

/// <summary>
/// Which held shards are failing right now (for health): a reader reports each failed attempt and each batch that went
/// through. A shard whose attempts keep failing (e.g. every dead-letter write refused) makes no progress while its
/// lease stays renewed, so only this shows it.
/// </summary>
internal sealed class ShardFailures
{
    private readonly ConcurrentDictionary<string, ShardTrouble> failing = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ShardTrouble> Failing => [.. failing.Values];

    public void Failed(string shardId, string step, Exception error, DateTimeOffset at) =>
        failing.AddOrUpdate(
            shardId,
            _ => new ShardTrouble(shardId, at, 1, step, error.Message),
            (_, trouble) => trouble with { Attempts = trouble.Attempts + 1, Step = step, Error = error.Message });

    /// <summary>The shard's last attempt succeeded, or this instance no longer reads it.</summary>
    public void Cleared(string shardId) => failing.TryRemove(shardId, out _);
}
