namespace StockMonitor.Bridge.Reading;

/// <summary>How reading a shard ended.</summary>
public enum ShardOutcome
{
    /// <summary>The shard is closed and was read to its end (checkpoint SHARD_END).</summary>
    Finished,

    /// <summary>Stopped on request after checkpointing what was published.</summary>
    Stopped,

    /// <summary>Another instance took the lease; nothing more was checkpointed.</summary>
    Lost,

    /// <summary>The shard no longer exists in the stream.</summary>
    Gone,
}
