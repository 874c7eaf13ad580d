namespace StockMonitor.Bridge.Leasing;

/// <summary>
/// One shard's lease as stored in the lease table: who reads it (<see cref="Owner"/>, null when free), a
/// counter that every take, renewal and release increments (so a stale writer's conditional write fails),
/// how far it has been read (<see cref="Checkpoint"/>) and which shards it came from.
/// </summary>
public sealed record Lease(string ShardId, string? Owner, long Counter, string Checkpoint, IReadOnlyList<string> ParentShardIds)
{
    /// <summary>Checkpoint of a shard that has not been read yet: start at the oldest record.</summary>
    public const string TrimHorizon = "TRIM_HORIZON";

    /// <summary>Checkpoint of a closed shard that has been read to its end.</summary>
    public const string ShardEnd = "SHARD_END";

    public bool IsFinished => Checkpoint == ShardEnd;
}
