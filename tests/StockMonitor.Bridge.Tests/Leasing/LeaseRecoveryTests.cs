using StockMonitor.Bridge.Leasing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests.Leasing;

/// <summary>The hosted bridge on lease tables left behind by other (dead) instances or by its own previous process.</summary>
public class LeaseRecoveryTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "NFLX", "ORCL", "IBM"];

    [Fact]
    public async Task When_a_dead_instance_holds_the_leases_then_the_bridge_takes_them_after_expiry_and_publishes_the_records()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 2);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        var shards = await infra.Kinesis.ListShardsAsync(resources.QuoteStream);
        foreach (var shard in shards)
        {
            await HostedBridge.SeedLeaseAsync(infra, resources, shard.ShardId, "ghost", 5, Lease.TrimHorizon);
        }

        var put = await PutQuotesAsync(infra, resources.QuoteStream, Quotes(20));
        Assert.Equal(2, put.Select(r => r.ShardId).Distinct().Count());

        var instanceId = TestInfrastructure.UniqueName("bridge");
        await using var bridge = HostedBridge.Start(infra, resources, prefix, instanceId);

        await Eventually.HoldsAsync(() => Task.FromResult(bus.QuoteCount() >= put.Count), "every record of both shards published");
        Assert.Equal(put.Select(r => r.SequenceNumber).Order(), bus.ReceivedQuotes().Select(m => m.SequenceNumber).Order());
        var table = await bridge.LeaseTableAsync();
        Assert.Equal(shards.Select(s => s.ShardId), table.Keys.Order(StringComparer.Ordinal));
        Assert.All(table.Values, lease =>
        {
            Assert.Equal(instanceId, lease.Owner);
            Assert.True(lease.Counter > 5, $"{lease.ShardId} counter {lease.Counter}");
        });
        // One taken to balance while the ghost still looked alive (2 shards, 2 instances), the other once it expired.
        Assert.Equal(1, bridge.Count(HostedBridge.LeasesTaken, ("kind", "stolen")));
        Assert.Equal(1, bridge.Count(HostedBridge.LeasesTaken, ("kind", "expired")));
        Assert.Equal(2, bridge.Count(HostedBridge.LeasesTaken));
    }

    [Fact]
    public async Task When_leases_remain_for_shards_the_stream_no_longer_has_then_the_bridge_deletes_them_and_reads_the_real_shards()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        string[] orphans = ["shardId-000000000097", "shardId-000000000098", "shardId-000000000099"];
        await HostedBridge.SeedLeaseAsync(infra, resources, orphans[0], "ghost", 2, Lease.TrimHorizon);
        await HostedBridge.SeedLeaseAsync(infra, resources, orphans[1], "ghost", 4, Lease.ShardEnd);
        await HostedBridge.SeedLeaseAsync(infra, resources, orphans[2], null, 3, "49660000000000000000000000000000000000000000000000000099");
        var put = await PutQuotesAsync(infra, resources.QuoteStream, Quotes(10));

        var instanceId = TestInfrastructure.UniqueName("bridge");
        await using var bridge = HostedBridge.Start(infra, resources, prefix, instanceId);

        await Eventually.HoldsAsync(() => Task.FromResult(bus.QuoteCount() >= put.Count), "every record of the real shard published");
        var table = await Eventually.ReturnsAsync(
            async () => await bridge.LeaseTableAsync() is { Count: 1 } t ? t : null,
            "the leases of the missing shards deleted");
        var lease = Assert.Single(table.Values);
        Assert.Equal(("shardId-000000000000", instanceId), (lease.ShardId, lease.Owner));
        Assert.Equal(orphans, bridge.Logs.Entries.Where(e => e.Message.StartsWith("Deleted the lease of", StringComparison.Ordinal)).Select(e => e["ShardId"]).Order(StringComparer.Ordinal));
        Assert.Equal(put.Select(r => r.SequenceNumber).Order(), bus.ReceivedQuotes().Select(m => m.SequenceNumber).Order());
    }

    [Fact]
    public async Task When_the_lease_is_its_own_from_a_previous_process_then_the_bridge_resumes_after_the_checkpoint()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        var put = await PutQuotesAsync(infra, resources.QuoteStream, Quotes(10));
        var instanceId = TestInfrastructure.UniqueName("bridge");
        // The previous process published and checkpointed the first four records, then died.
        await HostedBridge.SeedLeaseAsync(infra, resources, put[3].ShardId!, instanceId, 7, put[3].SequenceNumber!);

        await using var bridge = HostedBridge.Start(infra, resources, prefix, instanceId);

        var expected = put.Skip(4).Select(r => r.SequenceNumber).ToList();
        await Eventually.HoldsAsync(() => Task.FromResult(bus.QuoteCount() >= expected.Count), "the records after the checkpoint published");
        await Eventually.HoldsAsync(
            async () => (await bridge.LeaseTableAsync())[put[3].ShardId!].Checkpoint == put[^1].SequenceNumber,
            "the checkpoint at the last record");
        Assert.Equal(expected.Order(), bus.ReceivedQuotes().Select(m => m.SequenceNumber).Order());
        // Reading started after the checkpoint: the records before it were not even read.
        Assert.Equal(expected.Count, bridge.Count(HostedBridge.RecordsRead));
        Assert.Equal(1, bridge.Count(HostedBridge.LeasesTaken, ("kind", "resumed")));
        Assert.Equal(1, bridge.Count(HostedBridge.LeasesTaken));
        var lease = (await bridge.LeaseTableAsync())[put[3].ShardId!];
        Assert.Equal(instanceId, lease.Owner);
        Assert.True(lease.Counter > 7, $"counter {lease.Counter}");
    }

    private static List<Quote> Quotes(int count)
    {
        var observedAt = new DateTimeOffset(2026, 11, 27, 15, 31, 7, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i => new Quote(Symbols[i % Symbols.Length], 100m + i, "USD", null, null, null, null, 1000m + i, observedAt.AddSeconds(i), "test")).ToList();
    }

    private static async Task<IReadOnlyList<PutRecordsResultEntry>> PutQuotesAsync(TestInfrastructure infra, string stream, IReadOnlyList<Quote> quotes)
    {
        var result = await infra.Kinesis.PutRecordsAsync(stream, quotes.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList());
        Assert.Equal(0, result.FailedRecordCount);
        return result.Records;
    }
}
