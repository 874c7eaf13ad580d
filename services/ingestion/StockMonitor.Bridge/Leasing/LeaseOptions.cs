namespace StockMonitor.Bridge.Leasing;

/// <summary>Lease timing (section <c>Bridge:Leases</c>). A dead owner's lease is taken over within <see cref="Duration"/> + <see cref="ScanInterval"/>.</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Bridge:Leases";

    /// <summary>A lease whose counter has not moved for this long (on the observer's clock) is expired.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often a held lease is renewed; well under <see cref="Duration"/>.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the lease table is read to take free, expired or surplus leases.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the stream's shards are listed to create leases for new shards.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(10);
}
