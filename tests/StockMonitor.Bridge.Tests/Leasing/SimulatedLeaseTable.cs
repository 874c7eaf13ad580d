using StockMonitor.Bridge.Leasing;

namespace StockMonitor.Bridge.Tests.Leasing;

/// <summary>
/// A lease table in memory on which instances apply their own plans one scan after another, as each
/// <c>StreamBridge</c> does with conditional writes: a take or a steal sets the owner and moves the counter.
/// </summary>
internal sealed class SimulatedLeaseTable
{
    private readonly SortedDictionary<string, Lease> leases = new(StringComparer.Ordinal);

    public SimulatedLeaseTable(IEnumerable<Lease> initial)
    {
        foreach (var lease in initial)
        {
            leases[lease.ShardId] = lease;
        }
    }

    public IReadOnlyList<Lease> Leases => [.. leases.Values];

    /// <summary><paramref name="shards"/> free leases named <c>shardId-00000000000N</c>.</summary>
    public static SimulatedLeaseTable WithFreeShards(int shards) =>
        new(Enumerable.Range(0, shards).Select(i => LeaseBuilder.Free(LeaseBuilder.ShardId(i))));

    /// <summary>One scan by <paramref name="me"/>, every other owner alive; returns its plan after applying it.</summary>
    public LeasePlan Scan(string me)
    {
        var plan = LeasePlanner.Plan(me, Leases, _ => false);
        foreach (var lease in plan.Take.Append(plan.Steal).OfType<Lease>())
        {
            var current = leases[lease.ShardId];
            leases[lease.ShardId] = current with { Owner = me, Counter = current.Counter + 1 };
        }

        return plan;
    }

    /// <summary>How many unfinished leases <paramref name="owner"/> holds.</summary>
    public int HeldBy(string owner) => leases.Values.Count(l => l.Owner == owner && !l.IsFinished);
}
