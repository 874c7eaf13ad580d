using Microsoft.Extensions.Options;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>Two bridge instances as separate processes sharing a 4-shard stream while records keep coming.</summary>
[Collection(BridgeProcesses.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int GetRecordsLimit = 50;
    private const int Shards = 4;
    private const int Records = 4_000;
    private const int PerCall = 100;
    private static readonly TimeSpan CallInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task When_an_instance_is_killed_then_the_survivor_publishes_every_record_with_at_most_its_unchecked_batches_twice()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(Shards);
        var prefix = TestInfrastructure.UniqueName("brk");
        var table = new LeaseTable(infra.DynamoDb, Options.Create(resources));
        var settings = Settings(leaseDuration: TimeSpan.FromSeconds(3));
        try
        {
            await using var bus = await TestBus.StartInOrderAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
            await using var a = await BridgeInstance.StartAsync(infra, resources, prefix, "a", settings);
            await using var b = await BridgeInstance.StartAsync(infra, resources, prefix, "b", settings);
            try
            {
                // Balanced before any record flows, so that no steal re-publishes anything before the kill.
                await WaitBalancedAsync(a, b);
                var feed = new QuoteFeed(infra.Kinesis, resources.QuoteStream);
                var producing = feed.PutSteadilyAsync(Batches(), CallInterval);

                var heldAtKill = await WhilePublishingFromAsync(a, table);
                a.Kill();
                var putAtKill = feed.Count;
                await producing;
                var received = await Deliveries.WaitForAllAsync(bus, table, resources.QuoteStream, feed.Put, Patience);

                Assert.InRange(putAtKill, 1, Records - 1);
                var published = received.Select(r => (r.Message.ShardId, r.Message.SequenceNumber)).ToHashSet();
                var missing = feed.Put.Where(p => !published.Contains((p.ShardId, p.SequenceNumber))).ToList();
                Assert.Empty(missing);
                Assert.All(bus.ReceivedWithIds<QuotesReceived>(), r => Assert.Equal(QuotesReceived.IdFor(r.Message.Quotes), r.MessageId));
                var duplicates = received.GroupBy(r => (r.Message.ShardId, r.Message.SequenceNumber)).Sum(g => g.Count() - 1);
                var bound = GetRecordsLimit * heldAtKill.Count;
                output.WriteLine($"Put {feed.Count} records ({putAtKill} before the kill); received {received.Count}; duplicates {duplicates} (bound {bound} = {GetRecordsLimit} × {heldAtKill.Count} shards held by the killed instance: {string.Join(' ', heldAtKill)})");
                Assert.InRange(duplicates, 0, bound);
                Assert.Equal(Shards, (await b.ShardsAsync()).Count);
                Assert.All(await table.ListAsync(CancellationToken.None), l => Assert.Equal("b", l.Owner));
            }
            catch
            {
                Dump(a, b);
                throw;
            }
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(resources.QuoteStream);
        }
    }

    [Fact]
    public async Task When_an_instance_is_stopped_then_it_hands_its_leases_over_at_once_and_nothing_is_published_twice()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(Shards);
        var prefix = TestInfrastructure.UniqueName("brs");
        var table = new LeaseTable(infra.DynamoDb, Options.Create(resources));
        // Leases of a stopped instance could only expire after a minute: a take within the wait below comes from the release.
        var settings = Settings(leaseDuration: TimeSpan.FromSeconds(60));
        var handOverDeadline = TimeSpan.FromSeconds(20);
        try
        {
            await using var bus = await TestBus.StartInOrderAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
            await using var a = await BridgeInstance.StartAsync(infra, resources, prefix, "a", settings);
            await using var b = await BridgeInstance.StartAsync(infra, resources, prefix, "b", settings);
            try
            {
                await WaitBalancedAsync(a, b);
                var feed = new QuoteFeed(infra.Kinesis, resources.QuoteStream);
                var producing = feed.PutSteadilyAsync(Batches(), CallInterval);
                var heldByA = await WhilePublishingFromAsync(a, table);
                var freeTakesBefore = await b.CounterAsync(LeasesTaken, """kind="free" """.Trim());

                var putAtStop = feed.Count;
                await a.StopAsync();
                var putWhenStopped = feed.Count;

                await Eventually.HoldsAsync(
                    async () => (await table.ListAsync(CancellationToken.None)).All(l => l.Owner != "a"),
                    "the stopped instance to have released its leases",
                    TimeSpan.FromSeconds(5));
                await Eventually.HoldsAsync(
                    async () => (await b.ShardsAsync()).Count == Shards,
                    $"b to read all {Shards} shards well before a lease could expire",
                    handOverDeadline);
                Assert.All(await table.ListAsync(CancellationToken.None), l => Assert.Equal("b", l.Owner));
                // /metrics answers from a scrape cached for a moment (OpenTelemetry's Prometheus exporter): read until it shows the takes.
                await Eventually.HoldsAsync(
                    async () => await b.CounterAsync(LeasesTaken, """kind="free" """.Trim()) - freeTakesBefore == heldByA.Count,
                    $"b's count of free leases taken to grow by the {heldByA.Count} a released",
                    TimeSpan.FromSeconds(5));
                Assert.Equal(0, await b.CounterAsync(LeasesTaken, """kind="expired" """.Trim()));

                await producing;
                var received = await Deliveries.WaitForAllAsync(bus, table, resources.QuoteStream, feed.Put, Patience);
                output.WriteLine($"Put {feed.Count} records ({putAtStop} before the stop, {putWhenStopped} when a had exited); received {received.Count}; a held {string.Join(' ', heldByA)}");
                Assert.InRange(putAtStop, 1, Records - 1);
                Assert.Equal(feed.Count, received.Count);
                Assert.Equal(
                    feed.Put.Select(p => (p.ShardId, p.SequenceNumber)).Order(),
                    received.Select(r => (r.Message.ShardId, r.Message.SequenceNumber)).Order());
            }
            catch
            {
                Dump(a, b);
                throw;
            }
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(resources.QuoteStream);
        }
    }

    private const string LeasesTaken = "stockmonitor_bridge_leases_taken_total";

    private static Dictionary<string, string> Settings(TimeSpan leaseDuration) => new()
    {
        ["Bridge:GetRecordsLimit"] = GetRecordsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bridge:Leases:Duration"] = leaseDuration.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Bridge:Leases:RenewInterval"] = "00:00:01",
        ["Bridge:Leases:ScanInterval"] = "00:00:00.5",
        ["Bridge:Leases:DiscoveryInterval"] = "00:00:02",
    };

    /// <summary>4,000 quotes over 20 symbols in calls of 100.</summary>
    private static IEnumerable<IReadOnlyList<Quote>> Batches()
    {
        var start = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, Records)
            .Select(i => new Quote($"K{i % 20:00}", 100m + (i % 100), "USD", null, null, null, null, i, start.AddMilliseconds(i), "failover-test"))
            .Chunk(PerCall);
    }

    private static async Task WaitBalancedAsync(BridgeInstance a, BridgeInstance b) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                var (ofA, ofB) = (await a.ShardsAsync(), await b.ShardsAsync());
                return ofA.Count == Shards / 2 && ofB.Count == Shards / 2 && ofA.Union(ofB).Count() == Shards;
            },
            "both instances to hold two shards each",
            Patience);

    /// <summary>
    /// Waits until <paramref name="instance"/> has checkpointed records on every shard it holds (so it is publishing
    /// them; the in-order test bus may lag behind); returns the shards it holds.
    /// </summary>
    private static Task<IReadOnlyList<string>> WhilePublishingFromAsync(BridgeInstance instance, LeaseTable table) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                var held = await instance.ShardsAsync();
                var leases = await table.ListAsync(CancellationToken.None);
                var publishing = held.Count > 0 && held.All(s => leases.Any(l => l.ShardId == s && l.Owner == instance.InstanceId && l.Checkpoint != Lease.TrimHorizon));
                return publishing ? held : null;
            },
            $"instance {instance.InstanceId} to checkpoint records on its shards",
            Patience);

    private void Dump(params BridgeInstance[] instances)
    {
        foreach (var instance in instances)
        {
            output.WriteLine($"--- output of bridge {instance.InstanceId}:{Environment.NewLine}{instance.RecentOutput}");
        }
    }
}
