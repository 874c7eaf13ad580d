using System.Globalization;
using StockMonitor.Bridge.Leasing;

namespace StockMonitor.Bridge.Tests.Leasing;

/// <summary>Leases for tests of the pure lease logic.</summary>
internal static class LeaseBuilder
{
    public static string ShardId(int index) => string.Create(CultureInfo.InvariantCulture, $"shardId-{index:D12}");

    public static Lease Free(string shardId, params string[] parents) => new(shardId, null, 0, Lease.TrimHorizon, parents);

    public static Lease Held(string shardId, string owner, long counter = 1, params string[] parents) => new(shardId, owner, counter, "49600000000000000000000000000000000000000000000000000002", parents);

    public static Lease Finished(string shardId, string? owner) => new(shardId, owner, 3, Lease.ShardEnd, []);
}
