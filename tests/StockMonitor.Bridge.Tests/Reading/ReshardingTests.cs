using System.Numerics;
using Microsoft.Extensions.Options;
using StockMonitor.Bridge.Leasing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>A shard split while records flow: the bridge finishes the parent before it starts its children.</summary>
[Collection(BridgeProcesses.Name)]
public sealed class ReshardingTests(ITestOutputHelper output)
{
    // Three symbols hash into each half of the key range, so both children of the split get records.
    private static readonly string[] Symbols = ["AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "NFLX"];
    private const int Rounds = 250;
    private const int RoundsBeforeSplit = 80;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task When_a_shard_is_split_mid_stream_then_every_symbol_is_published_in_order_across_parent_and_children()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("brr");
        var table = new LeaseTable(infra.DynamoDb, Options.Create(resources));
        var settings = new Dictionary<string, string>
        {
            ["Bridge:GetRecordsLimit"] = "50",
            ["Bridge:Leases:ScanInterval"] = "00:00:00.5",
            ["Bridge:Leases:DiscoveryInterval"] = "00:00:01",
        };
        try
        {
            await using var bus = await TestBus.StartInOrderAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
            await using var bridge = await BridgeInstance.StartAsync(infra, resources, prefix, "solo", settings);
            try
            {
                var parent = Assert.Single(await infra.Kinesis.ListShardsAsync(resources.QuoteStream));
                var feed = new QuoteFeed(infra.Kinesis, resources.QuoteStream);
                // One record per symbol and call: the symbol's counter order is its order on the stream.
                var producing = feed.PutSteadilyAsync(RoundsOfQuotes(), TimeSpan.FromMilliseconds(25));
                await Eventually.HoldsAsync(
                    () => Task.FromResult(feed.Count >= RoundsBeforeSplit * Symbols.Length && bus.Count<QuotesReceived>() > 0),
                    "records flowing through the parent shard",
                    Patience);

                var middle = (BigInteger.Parse(parent.StartingHashKey, System.Globalization.CultureInfo.InvariantCulture)
                    + BigInteger.Parse(parent.EndingHashKey, System.Globalization.CultureInfo.InvariantCulture) + 1) / 2;
                await infra.Kinesis.SplitShardAsync(resources.QuoteStream, parent.ShardId, middle.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await infra.Kinesis.WaitForActiveAsync(resources.QuoteStream, TimeSpan.FromSeconds(30));
                var putBeforeSplit = feed.Count;
                await producing;
                var received = await Deliveries.WaitForAllAsync(bus, table, resources.QuoteStream, feed.Put, Patience);

                var children = feed.Put.Select(p => p.ShardId).Where(s => s != parent.ShardId).Distinct().ToList();
                output.WriteLine($"Put {feed.Count} records ({putBeforeSplit} before the split became active); received {received.Count}; children with records: {string.Join(' ', children)}");
                Assert.InRange(putBeforeSplit, 1, feed.Count - 1);
                Assert.Equal(2, children.Count);
                foreach (var symbol in Symbols)
                {
                    var counters = received.Where(r => r.Message.Quote.Symbol == symbol).Select(r => (int)r.Message.Quote.Volume!.Value).ToList();
                    Assert.Equal(Enumerable.Range(0, Rounds), counters);
                }

                var lastFromParent = received.Select(r => r.Message.ShardId).ToList().LastIndexOf(parent.ShardId);
                var firstFromChild = received.ToList().FindIndex(r => r.Message.ShardId != parent.ShardId);
                Assert.True(lastFromParent < firstFromChild, $"A child record was received at {firstFromChild}, before the parent's last at {lastFromParent}.");
                var leases = (await table.ListAsync(CancellationToken.None)).ToDictionary(l => l.ShardId);
                Assert.Equal(Lease.ShardEnd, leases[parent.ShardId].Checkpoint);
                Assert.All(children, c => Assert.Equal([parent.ShardId], leases[c].ParentShardIds));
            }
            catch
            {
                output.WriteLine($"--- output of the bridge:{Environment.NewLine}{bridge.RecentOutput}");
                throw;
            }
        }
        finally
        {
            await infra.Kinesis.DeleteStreamAsync(resources.QuoteStream);
        }
    }

    /// <summary>Round <c>n</c> holds one quote per symbol with volume <c>n</c>: the per-symbol counter.</summary>
    private static IEnumerable<IReadOnlyList<Quote>> RoundsOfQuotes()
    {
        var start = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, Rounds).Select(n => (IReadOnlyList<Quote>)Symbols
            .Select(s => new Quote(s, 100m + (n % 50), "USD", null, null, null, null, n, start.AddMilliseconds(n), "resharding-test"))
            .ToList());
    }
}
