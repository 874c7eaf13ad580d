using StockMonitor.Bridge.Leasing;

namespace StockMonitor.Bridge.Reading;

/// <summary>What an instance holds and the whole lease table as of its last scan.</summary>
public sealed record BridgeSnapshot(string InstanceId, IReadOnlyList<HeldLeaseView> Held, IReadOnlyList<Lease> Table, DateTimeOffset? ScannedAt);

/// <summary>A held lease as the status endpoint shows it.</summary>
public sealed record HeldLeaseView(string ShardId, string Checkpoint, long Counter);
