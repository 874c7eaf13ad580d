namespace StockMonitor.Bridge.Leasing;

/// <summary>
/// Pure lease balancing. Workable leases are the unfinished ones whose parent shards are finished (a child
/// shard is read only after its parents reached SHARD_END). Live instances are the owners of unexpired
/// leases plus this one; each should hold ⌈workable / live⌉. Below that, take free or expired leases; if
/// there are none, steal one lease from the most loaded instance when it holds more than its share, or
/// exactly its share while this one is two or more short (as the Kinesis Client Library does).
/// </summary>
public static class LeasePlanner
{
    public static LeasePlan Plan(string me, IReadOnlyCollection<Lease> leases, Func<Lease, bool> isExpired)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(isExpired);
        var byShard = leases.ToDictionary(l => l.ShardId, StringComparer.Ordinal);
        var workable = leases
            .Where(l => !l.IsFinished && l.ParentShardIds.All(p => !byShard.TryGetValue(p, out var parent) || parent.IsFinished))
            .OrderBy(l => l.ShardId, StringComparer.Ordinal)
            .ToList();
        var live = workable
            .Where(l => l.Owner is not null && !isExpired(l))
            .Select(l => l.Owner!)
            .Append(me)
            .Distinct(StringComparer.Ordinal)
            .Count();
        var target = workable.Count == 0 ? 0 : (workable.Count + live - 1) / live;
        var mine = workable.Count(l => l.Owner == me && !isExpired(l));
        if (mine >= target)
        {
            return new LeasePlan([], null, target, live);
        }

        var available = workable
            .Where(l => l.Owner is null || (l.Owner != me && isExpired(l)))
            .OrderBy(l => l.Owner is null ? 0 : 1)
            .Take(target - mine)
            .ToList();
        if (available.Count > 0)
        {
            return new LeasePlan(available, null, target, live);
        }

        var busiest = workable
            .Where(l => l.Owner is not null && l.Owner != me && !isExpired(l))
            .GroupBy(l => l.Owner!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        // Stealing from an instance at its share too is what turns 4 shards on 3 instances from 2/2/0 into
        // 2/1/1; it never moves a lease back: the victim ends one short, the thief at most one short.
        var steal = busiest is not null && (busiest.Count() > target || (busiest.Count() == target && target - mine >= 2)) ? busiest.First() : null;
        return new LeasePlan([], steal, target, live);
    }
}
