namespace StockMonitor.Bridge.Reading;

/// <summary>Settings of the bridge (section <c>Bridge</c>).</summary>
public sealed class BridgeOptions
{
    public const string SectionName = "Bridge";

    /// <summary>Name of this instance in leases and logs; must differ between live instances. Defaults to the host name.</summary>
    public string InstanceId { get; set; } = Environment.MachineName;

    /// <summary>
    /// Least time between two GetRecords calls on a shard: also the idle poll interval. 200 ms keeps within
    /// Kinesis's 5 calls per second per shard.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Records per GetRecords call (Kinesis allows 10 000); also the most a crash can publish twice per shard.</summary>
    public int GetRecordsLimit { get; set; } = 1000;

    /// <summary>
    /// Longest wait for the broker's confirm of a published run; then the shard is read again from its checkpoint (the
    /// same runs, the same message ids), so a publish stuck after a broker crash cannot stop the shard.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
