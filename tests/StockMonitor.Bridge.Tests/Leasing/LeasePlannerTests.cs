using Microsoft.Extensions.Time.Testing;
using StockMonitor.Bridge.Leasing;
using static StockMonitor.Bridge.Tests.Leasing.LeaseBuilder;

namespace StockMonitor.Bridge.Tests.Leasing;

public class LeasePlannerTests
{
    private static readonly Func<Lease, bool> NoneExpired = _ => false;

    [Fact]
    public void Plan_alone_takes_every_free_lease()
    {
        var leases = Enumerable.Range(0, 4).Select(i => Free(ShardId(i))).ToList();

        var plan = LeasePlanner.Plan("a", leases, NoneExpired);

        Assert.Equal(leases, plan.Take);
        Assert.Null(plan.Steal);
        Assert.Equal(4, plan.Target);
        Assert.Equal(1, plan.LiveInstances);
    }

    [Fact]
    public void Plan_takes_free_leases_up_to_the_target()
    {
        // 6 shards, b holds 2: a's share is 3.
        List<Lease> leases = [Held(ShardId(0), "b"), Held(ShardId(1), "b"), .. Enumerable.Range(2, 4).Select(i => Free(ShardId(i)))];

        var plan = LeasePlanner.Plan("a", leases, NoneExpired);

        Assert.Equal([ShardId(2), ShardId(3), ShardId(4)], plan.Take.Select(l => l.ShardId));
        Assert.Null(plan.Steal);
        Assert.Equal(3, plan.Target);
        Assert.Equal(2, plan.LiveInstances);
    }

    [Fact]
    public void Plan_takes_expired_leases_and_does_not_count_their_owner_as_alive()
    {
        List<Lease> leases = [Held(ShardId(0), "a"), Held(ShardId(1), "ghost"), Held(ShardId(2), "ghost"), Held(ShardId(3), "ghost")];

        var plan = LeasePlanner.Plan("a", leases, l => l.Owner == "ghost");

        Assert.Equal([ShardId(1), ShardId(2), ShardId(3)], plan.Take.Select(l => l.ShardId));
        Assert.Equal(4, plan.Target);
        Assert.Equal(1, plan.LiveInstances);
    }

    [Fact]
    public void Plan_takes_free_leases_before_expired_ones()
    {
        // 6 shards, b alive with 2: a's share is 3, out of 2 expired and 2 free.
        List<Lease> leases =
        [
            Held(ShardId(0), "ghost"), Held(ShardId(1), "ghost"), Held(ShardId(2), "b"), Held(ShardId(3), "b"), Free(ShardId(4)), Free(ShardId(5)),
        ];

        var plan = LeasePlanner.Plan("a", leases, l => l.Owner == "ghost");

        Assert.Equal([ShardId(4), ShardId(5), ShardId(0)], plan.Take.Select(l => l.ShardId));
        Assert.Null(plan.Steal);
    }

    [Fact]
    public void Scans_of_a_new_instance_steal_one_lease_at_a_time_until_4_shards_are_split_2_2()
    {
        var table = SimulatedLeaseTable.WithFreeShards(4);
        table.Scan("a");
        Assert.Equal(4, table.HeldBy("a"));

        var first = table.Scan("b");
        var afterFirst = (table.HeldBy("a"), table.HeldBy("b"));
        var ofA = table.Scan("a");
        var second = table.Scan("b");
        var afterSecond = (table.HeldBy("a"), table.HeldBy("b"));

        Assert.Equal(ShardId(0), first.Steal?.ShardId);
        Assert.Empty(first.Take);
        Assert.Equal((3, 1), afterFirst);
        Assert.Null(ofA.Steal);
        Assert.Empty(ofA.Take);
        Assert.NotNull(second.Steal);
        Assert.Equal((2, 2), afterSecond);
        AssertStable(table, "a", "b");
    }

    [Fact]
    public void Scans_split_5_shards_3_2_and_then_leave_them_alone()
    {
        var table = SimulatedLeaseTable.WithFreeShards(5);
        table.Scan("a");

        table.Scan("b");
        table.Scan("a");
        table.Scan("b");
        table.Scan("a");
        var third = table.Scan("b");

        Assert.Equal(3, table.HeldBy("a"));
        Assert.Equal(2, table.HeldBy("b"));
        Assert.Null(third.Steal);
        Assert.Equal(3, third.Target);
        AssertStable(table, "a", "b");
    }

    public static TheoryData<int, int> ShardsAndInstances()
    {
        var data = new TheoryData<int, int>();
        foreach (var shards in Enumerable.Range(1, 12))
        {
            foreach (var instances in Enumerable.Range(1, 4))
            {
                data.Add(shards, instances);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShardsAndInstances))]
    public void Scans_of_instances_joining_one_by_one_balance_the_shards_and_then_stay_put(int shards, int instances)
    {
        var table = SimulatedLeaseTable.WithFreeShards(shards);
        var names = Enumerable.Range(0, instances).Select(i => $"i{i}").ToList();

        // Each instance joins after the ones before it have settled.
        for (var joined = 1; joined <= instances; joined++)
        {
            var present = names.Take(joined).ToList();
            for (var round = 0; round < shards + instances; round++)
            {
                foreach (var name in present)
                {
                    table.Scan(name);
                }
            }
        }

        var held = names.Select(table.HeldBy).ToList();
        Assert.Equal(shards, held.Sum());
        Assert.True(held.Max() - held.Min() <= 1, $"{shards} shards on {instances} instances ended as {string.Join('/', held)}");
        AssertStable(table, [.. names]);
    }

    [Fact]
    public void Plan_never_takes_a_finished_lease()
    {
        List<Lease> leases = [Finished(ShardId(0), null), Finished(ShardId(1), "ghost"), Free(ShardId(2), ShardId(0)), Free(ShardId(3), ShardId(1))];

        var plan = LeasePlanner.Plan("a", leases, _ => true);

        Assert.Equal([ShardId(2), ShardId(3)], plan.Take.Select(l => l.ShardId));
        Assert.Equal(2, plan.Target);
    }

    [Fact]
    public void Plan_does_not_count_finished_leases_toward_anyone_s_share()
    {
        // b: 2 open + 3 finished, a: 1 open. Counting the finished ones would make b look overloaded (5 > 3).
        List<Lease> leases =
        [
            Held(ShardId(0), "b"), Held(ShardId(1), "b"), Finished(ShardId(2), "b"), Finished(ShardId(3), "b"), Finished(ShardId(4), "b"), Held(ShardId(5), "a"),
        ];

        var plan = LeasePlanner.Plan("a", leases, NoneExpired);

        Assert.Equal(2, plan.Target);
        Assert.Empty(plan.Take);
        Assert.Null(plan.Steal);
    }

    [Fact]
    public void Plan_does_not_take_a_child_until_all_its_parents_are_finished()
    {
        // shardId-2 is the merge of 0 and 1; 0 is read to its end, 1 is still being read by b.
        var child = Free(ShardId(2), ShardId(0), ShardId(1));
        List<Lease> whileReading = [Finished(ShardId(0), null), Held(ShardId(1), "b"), child];
        List<Lease> afterwards = [Finished(ShardId(0), null), Finished(ShardId(1), "b"), child];

        var early = LeasePlanner.Plan("a", whileReading, NoneExpired);
        var late = LeasePlanner.Plan("a", afterwards, NoneExpired);

        Assert.Empty(early.Take);
        Assert.Null(early.Steal);
        Assert.Equal([child], late.Take);
    }

    [Fact]
    public void Plan_takes_a_child_whose_parent_lease_is_missing()
    {
        // The parent's lease was deleted (the shard aged out of the stream): nothing to wait for.
        var child = Free(ShardId(3), ShardId(9));

        var plan = LeasePlanner.Plan("a", [child], NoneExpired);

        Assert.Equal([child], plan.Take);
    }

    [Fact]
    public void When_an_instance_dies_then_the_survivor_takes_all_its_leases_once_they_expire()
    {
        var duration = TimeSpan.FromSeconds(6);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var observer = new LeaseObserver(time, duration);
        var table = new SimulatedLeaseTable([Held(ShardId(0), "a"), Held(ShardId(1), "a"), Held(ShardId(2), "b"), Held(ShardId(3), "b")]);
        // As the bridge does: its own leases are never expired to itself.
        LeasePlan ScanOfA()
        {
            var leases = table.Leases;
            observer.Observe(leases);
            return LeasePlanner.Plan("a", leases, l => l.Owner != "a" && observer.IsExpired(l));
        }

        var plans = new List<LeasePlan>();
        for (var elapsed = TimeSpan.Zero; elapsed <= duration; elapsed += TimeSpan.FromSeconds(2))
        {
            plans.Add(ScanOfA());
            table = new SimulatedLeaseTable(table.Leases.Select(l => l.Owner == "a" ? l with { Counter = l.Counter + 1 } : l)); // a renews, b is dead
            time.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.All(plans.SkipLast(1), p => Assert.Empty(p.Take));
        Assert.Equal([ShardId(2), ShardId(3)], plans[^1].Take.Select(l => l.ShardId));
        Assert.Equal(4, plans[^1].Target);
        Assert.Equal(1, plans[^1].LiveInstances);
    }

    /// <summary>Ten more rounds of scans by every instance change nothing: no lease moves back and forth.</summary>
    private static void AssertStable(SimulatedLeaseTable table, params string[] instances)
    {
        var before = table.Leases;
        for (var round = 0; round < 10; round++)
        {
            foreach (var instance in instances)
            {
                var plan = table.Scan(instance);
                Assert.Empty(plan.Take);
                Assert.Null(plan.Steal);
            }
        }

        Assert.Equal(before, table.Leases);
    }
}
