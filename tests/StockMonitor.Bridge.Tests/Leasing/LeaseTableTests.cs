using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Testing;
using static StockMonitor.Bridge.Tests.Leasing.LeaseBuilder;

namespace StockMonitor.Bridge.Tests.Leasing;

/// <summary>The conditional writes of the lease table against dynalite, each test on a table of its own.</summary>
public class LeaseTableTests : IAsyncLifetime
{
    private const string Checkpoint = "49660000000000000000000000000000000000000000000000000012";

    private TestInfrastructure infra = null!;
    private string tableName = null!;
    private LeaseTable table = null!;

    public async Task InitializeAsync()
    {
        infra = await TestInfrastructure.GetAsync();
        tableName = TestInfrastructure.UniqueName("t") + "-bridge-leases";
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.BridgeLeases(tableName));
        table = new LeaseTable(infra.DynamoDb, Options.Create(new AwsResources { BridgeLeaseTable = tableName }));
    }

    public async Task DisposeAsync() => await infra.DynamoDb.DeleteTableAsync(tableName);

    [Fact]
    public async Task TryTakeAsync_two_instances_racing_for_a_free_lease_exactly_one_wins()
    {
        var shards = Enumerable.Range(0, 50).Select(ShardId).ToList();
        foreach (var shard in shards)
        {
            await table.CreateIfMissingAsync(shard, [], CancellationToken.None);
        }

        var observed = await table.ListAsync(CancellationToken.None);

        var races = new List<(Lease Observed, Lease? A, Lease? B)>();
        foreach (var lease in observed)
        {
            var results = await RaceAsync(() => table.TryTakeAsync(lease, "a", CancellationToken.None), () => table.TryTakeAsync(lease, "b", CancellationToken.None));
            races.Add((lease, results[0], results[1]));
        }

        var after = (await table.ListAsync(CancellationToken.None)).ToDictionary(l => l.ShardId);
        Assert.Equal(50, races.Count);
        Assert.All(races, race =>
        {
            Assert.True(race.A is null ^ race.B is null, $"{race.Observed.ShardId}: a got {race.A}, b got {race.B}");
            var winner = race.A ?? race.B!;
            Assert.Equal(race.A is null ? "b" : "a", winner.Owner);
            Assert.Equal(race.Observed.Counter + 1, winner.Counter);
            Assert.Equal(winner, after[race.Observed.ShardId] with { ParentShardIds = winner.ParentShardIds });
        });
    }

    [Fact]
    public async Task TryTakeAsync_two_instances_racing_to_steal_a_held_lease_exactly_one_wins()
    {
        var shards = Enumerable.Range(0, 50).Select(ShardId).ToList();
        foreach (var shard in shards)
        {
            await table.CreateIfMissingAsync(shard, [], CancellationToken.None);
            await table.TryTakeAsync(Free(shard), "owner", CancellationToken.None);
        }

        var observed = await table.ListAsync(CancellationToken.None);

        var races = new List<(Lease Observed, Lease? A, Lease? B)>();
        foreach (var lease in observed)
        {
            var results = await RaceAsync(() => table.TryTakeAsync(lease, "a", CancellationToken.None), () => table.TryTakeAsync(lease, "b", CancellationToken.None));
            races.Add((lease, results[0], results[1]));
        }

        var after = (await table.ListAsync(CancellationToken.None)).ToDictionary(l => l.ShardId);
        Assert.Equal(50, races.Count);
        Assert.All(races, race =>
        {
            Assert.Equal(("owner", 1L), (race.Observed.Owner, race.Observed.Counter));
            Assert.True(race.A is null ^ race.B is null, $"{race.Observed.ShardId}: a got {race.A}, b got {race.B}");
            var winner = race.A ?? race.B!;
            Assert.Equal(2, winner.Counter);
            Assert.Equal(winner.Owner, after[race.Observed.ShardId].Owner);
            Assert.Equal(2, after[race.Observed.ShardId].Counter);
        });
    }

    [Fact]
    public async Task TryTakeAsync_of_a_lease_observed_free_fails_once_someone_took_it()
    {
        await table.CreateIfMissingAsync(ShardId(0), [], CancellationToken.None);
        var observed = Assert.Single(await table.ListAsync(CancellationToken.None));
        await table.TryTakeAsync(observed, "a", CancellationToken.None);
        await table.TryReleaseAsync(ShardId(0), "a", CancellationToken.None);

        // Free again, but with another counter than b observed: b's view is stale.
        var taken = await table.TryTakeAsync(observed, "b", CancellationToken.None);

        Assert.Null(taken);
        Assert.Equal((null, 2L), Single(await table.ListAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task TryRenewAsync_with_a_stale_counter_fails_and_leaves_the_lease()
    {
        var held = await TakenAsync(ShardId(0), "a");
        var renewed = await table.TryRenewAsync(held, CancellationToken.None);

        var stale = await table.TryRenewAsync(held, CancellationToken.None);
        var current = await table.TryRenewAsync(renewed!, CancellationToken.None);

        Assert.Equal(2, renewed?.Counter);
        Assert.Null(stale);
        Assert.Equal(3, current?.Counter);
        Assert.Equal(("a", 3L), Single(await table.ListAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task TryRenewAsync_of_a_lease_another_instance_took_fails()
    {
        var held = await TakenAsync(ShardId(0), "a");
        var stolen = await table.TryTakeAsync(held, "b", CancellationToken.None);

        // Even with the counter b left behind, a is not the owner any more.
        var renewed = await table.TryRenewAsync(held, CancellationToken.None);
        var renewedAtCurrentCounter = await table.TryRenewAsync(held with { Counter = stolen!.Counter }, CancellationToken.None);

        Assert.Null(renewed);
        Assert.Null(renewedAtCurrentCounter);
        Assert.Equal(("b", 2L), Single(await table.ListAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task TryCheckpointAsync_by_a_non_owner_fails_and_leaves_the_checkpoint()
    {
        var held = await TakenAsync(ShardId(0), "a");
        var byOwner = await table.TryCheckpointAsync(ShardId(0), "a", Checkpoint, CancellationToken.None);
        await table.TryTakeAsync(held, "b", CancellationToken.None);

        var byFormerOwner = await table.TryCheckpointAsync(ShardId(0), "a", Lease.ShardEnd, CancellationToken.None);
        var byStranger = await table.TryCheckpointAsync(ShardId(0), "c", Lease.ShardEnd, CancellationToken.None);

        Assert.True(byOwner);
        Assert.False(byFormerOwner);
        Assert.False(byStranger);
        var lease = Assert.Single(await table.ListAsync(CancellationToken.None));
        Assert.Equal(Checkpoint, lease.Checkpoint);
        Assert.Equal("b", lease.Owner);
    }

    [Fact]
    public async Task TryReleaseAsync_then_another_instance_takes_the_lease_at_once()
    {
        await TakenAsync(ShardId(0), "a");
        await table.TryCheckpointAsync(ShardId(0), "a", Checkpoint, CancellationToken.None);

        var released = await table.TryReleaseAsync(ShardId(0), "a", CancellationToken.None);
        var free = Assert.Single(await table.ListAsync(CancellationToken.None));
        var taken = await table.TryTakeAsync(free, "b", CancellationToken.None);
        var releasedAgainByA = await table.TryReleaseAsync(ShardId(0), "a", CancellationToken.None);

        Assert.True(released);
        Assert.Equal((null, 2L), (free.Owner, free.Counter));
        Assert.Equal(("b", 3L, Checkpoint), (taken?.Owner, taken?.Counter, taken?.Checkpoint));
        Assert.False(releasedAgainByA);
        Assert.Equal(("b", 3L), Single(await table.ListAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task TryDeleteAsync_deletes_an_orphan_only_while_its_counter_is_unchanged()
    {
        await table.CreateIfMissingAsync(ShardId(99), [], CancellationToken.None);
        var observed = Assert.Single(await table.ListAsync(CancellationToken.None));
        var taken = await table.TryTakeAsync(observed, "a", CancellationToken.None);

        var deletedStale = await table.TryDeleteAsync(observed, CancellationToken.None);
        var afterStale = await table.ListAsync(CancellationToken.None);
        var deletedCurrent = await table.TryDeleteAsync(taken!, CancellationToken.None);

        Assert.False(deletedStale);
        Assert.Equal(("a", 1L), Single(afterStale));
        Assert.True(deletedCurrent);
        Assert.Empty(await table.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateIfMissingAsync_keeps_an_existing_lease_and_stores_the_parents()
    {
        var created = await table.CreateIfMissingAsync(ShardId(2), [ShardId(0), ShardId(1)], CancellationToken.None);
        var held = await table.TryTakeAsync(Free(ShardId(2)), "a", CancellationToken.None);
        await table.TryCheckpointAsync(ShardId(2), "a", Checkpoint, CancellationToken.None);

        var createdAgain = await table.CreateIfMissingAsync(ShardId(2), [], CancellationToken.None);

        Assert.True(created);
        Assert.NotNull(held);
        Assert.False(createdAgain);
        var lease = Assert.Single(await table.ListAsync(CancellationToken.None));
        Assert.Equal(("a", 1L, Checkpoint), (lease.Owner, lease.Counter, lease.Checkpoint));
        Assert.Equal([ShardId(0), ShardId(1)], lease.ParentShardIds);
    }

    [Fact]
    public async Task ListAsync_reads_every_page_of_the_table()
    {
        // Items of ~100 KB: dynalite pages scans at 1 MB, so 25 of them take three pages.
        var padding = new string('x', 100_000);
        foreach (var shard in Enumerable.Range(0, 25).Select(ShardId))
        {
            await infra.DynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = new()
                {
                    ["shardId"] = new(shard),
                    ["leaseCounter"] = new AttributeValue { N = "0" },
                    ["checkpoint"] = new(Lease.TrimHorizon),
                    ["padding"] = new(padding),
                },
            });
        }

        var firstPage = await infra.DynamoDb.ScanAsync(new ScanRequest { TableName = tableName });
        var leases = await table.ListAsync(CancellationToken.None);

        Assert.True(firstPage.Items.Count < 25, "the table fits one page: the test would not exercise paging");
        Assert.Equal(Enumerable.Range(0, 25).Select(ShardId), leases.Select(l => l.ShardId).Order(StringComparer.Ordinal));
    }

    private async Task<Lease> TakenAsync(string shardId, string owner)
    {
        await table.CreateIfMissingAsync(shardId, [], CancellationToken.None);
        return await table.TryTakeAsync(Free(shardId), owner, CancellationToken.None) ?? throw new InvalidOperationException($"{shardId} was not free");
    }

    private static (string? Owner, long Counter) Single(IReadOnlyList<Lease> leases)
    {
        var lease = Assert.Single(leases);
        return (lease.Owner, lease.Counter);
    }

    /// <summary>Starts both writes before awaiting either, each on its own thread.</summary>
    private static async Task<Lease?[]> RaceAsync(Func<Task<Lease?>> first, Func<Task<Lease?>> second)
    {
        using var start = new ManualResetEventSlim();
        var one = Task.Run(() => { start.Wait(); return first(); });
        var two = Task.Run(() => { start.Wait(); return second(); });
        start.Set();
        return await Task.WhenAll(one, two);
    }
}
