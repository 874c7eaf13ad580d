using Microsoft.Extensions.Time.Testing;
using StockMonitor.Bridge.Leasing;

namespace StockMonitor.Bridge.Tests.Leasing;

public class LeaseObserverTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void IsExpired_exactly_when_the_counter_has_not_changed_for_the_duration()
    {
        var observer = new LeaseObserver(time, Duration);
        var lease = NewLease("shardId-000000000000", "ghost", counter: 5);
        observer.Observe([lease]);

        time.Advance(Duration - OneTick);
        observer.Observe([lease]);
        var justBefore = observer.IsExpired(lease);
        time.Advance(OneTick);
        var atDuration = observer.IsExpired(lease);

        Assert.False(justBefore);
        Assert.True(atDuration);
    }

    [Fact]
    public void IsExpired_a_counter_change_restarts_the_clock()
    {
        var observer = new LeaseObserver(time, Duration);
        observer.Observe([NewLease("shardId-000000000000", "a", counter: 5)]);
        time.Advance(Duration - OneTick);
        var renewed = NewLease("shardId-000000000000", "a", counter: 6);

        observer.Observe([renewed]);
        time.Advance(Duration - OneTick);
        var justBefore = observer.IsExpired(renewed);
        time.Advance(OneTick);
        var atDuration = observer.IsExpired(renewed);

        Assert.False(justBefore);
        Assert.True(atDuration);
    }

    [Fact]
    public void IsExpired_false_for_a_counter_other_than_the_one_observed()
    {
        var observer = new LeaseObserver(time, Duration);
        observer.Observe([NewLease("shardId-000000000000", "a", counter: 5)]);
        time.Advance(Duration * 3);

        // A lease read after the scan (e.g. just taken by someone) is not the one that sat still.
        var expired = observer.IsExpired(NewLease("shardId-000000000000", "b", counter: 6));

        Assert.False(expired);
    }

    [Fact]
    public void IsExpired_false_for_a_lease_never_seen()
    {
        var observer = new LeaseObserver(time, Duration);
        observer.Observe([NewLease("shardId-000000000000", "a", counter: 5)]);
        time.Advance(Duration * 10);

        var expired = observer.IsExpired(NewLease("shardId-000000000001", "ghost", counter: 5));

        Assert.False(expired);
    }

    [Fact]
    public void Observe_forgets_leases_no_longer_in_the_table()
    {
        var observer = new LeaseObserver(time, Duration);
        var gone = NewLease("shardId-000000000000", "ghost", counter: 5);
        var kept = NewLease("shardId-000000000001", "ghost", counter: 5);
        observer.Observe([gone, kept]);
        time.Advance(Duration);

        observer.Observe([kept]);
        var goneExpired = observer.IsExpired(gone);
        var keptExpired = observer.IsExpired(kept);
        // Back in the table with the same counter: seen afresh, so its clock starts again.
        observer.Observe([gone, kept]);
        var backExpired = observer.IsExpired(gone);
        time.Advance(Duration - OneTick);
        var backJustBefore = observer.IsExpired(gone);
        time.Advance(OneTick);
        var backAtDuration = observer.IsExpired(gone);

        Assert.False(goneExpired);
        Assert.True(keptExpired);
        Assert.False(backExpired);
        Assert.False(backJustBefore);
        Assert.True(backAtDuration);
    }

    private static Lease NewLease(string shardId, string? owner, long counter) => new(shardId, owner, counter, Lease.TrimHorizon, []);
}
