namespace StockMonitor.Bridge.Leasing;

/// <summary>What one scan decided: leases to take (free or expired) and at most one to steal for balance.</summary>
public sealed record LeasePlan(IReadOnlyList<Lease> Take, Lease? Steal, int Target, int LiveInstances);
