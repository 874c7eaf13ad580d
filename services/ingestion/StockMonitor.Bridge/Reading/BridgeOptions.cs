namespace StockMonitor.Bridge.Reading;

/// <summary>Settings of the bridge (section <c>Bridge</c>).</summary>
public sealed class BridgeOptions
{
    public const string SectionName = "Bridge";

    /// <summary>Name of this instance in logs and leases; defaults to the host name.</summary>
    public string InstanceId { get; set; } = Environment.MachineName;

    /// <summary>Wait between GetRecords calls on a shard that returned nothing.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Records per GetRecords call.</summary>
    public int GetRecordsLimit { get; set; } = 1000;
}
