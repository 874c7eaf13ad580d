namespace StockMonitor.Bridge.Leasing;

/// <summary>
/// Decides expiry the way the Kinesis Client Library does: on this instance's own clock, a lease is expired
/// when its counter has not changed for the lease duration since this instance first saw that value. No
/// clocks are compared between instances.
/// </summary>
public sealed class LeaseObserver(TimeProvider time, TimeSpan duration)
{
    private readonly Dictionary<string, (long Counter, DateTimeOffset Since)> seen = new(StringComparer.Ordinal);

    /// <summary>Records what a scan of the table showed; forgets leases that are gone.</summary>
    public void Observe(IEnumerable<Lease> leases)
    {
        var now = time.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            present.Add(lease.ShardId);
            if (!seen.TryGetValue(lease.ShardId, out var entry) || entry.Counter != lease.Counter)
            {
                seen[lease.ShardId] = (lease.Counter, now);
            }
        }

        foreach (var gone in seen.Keys.Where(k => !present.Contains(k)).ToList())
        {
            seen.Remove(gone);
        }
    }

    public bool IsExpired(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return seen.TryGetValue(lease.ShardId, out var entry) && entry.Counter == lease.Counter && time.GetUtcNow() - entry.Since >= duration;
    }
}
