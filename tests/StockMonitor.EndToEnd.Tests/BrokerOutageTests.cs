using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests;

/// <summary>
/// The broker goes away under load, again and again: pricing and the archive (separate processes) lose every
/// connection at once — unacknowledged deliveries come back regrouped, publisher confirms are lost — and must resume
/// each time with nothing counted twice. The outage is made by a TCP proxy between them and the test broker (the
/// broker is shared by the whole suite, so it is not killed itself); the publisher (the bridge's part) keeps publishing
/// straight to the broker meanwhile, and after each outage publishes its last 300 quotes again, as the bridge does when
/// confirms are lost.
/// </summary>
public class BrokerOutageTests
{
    private const int Symbols = 40;
    private const int Quotes = 6_000;
    private const int Outages = 5;

    [Fact]
    public async Task After_five_broker_outages_at_load_pricing_and_the_archive_resume_with_bars_latest_and_lake_exact()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("outage");
        await using var proxy = TcpProxy.To(infra.Servers.RabbitMq);
        var settings = infra.SettingsFor(resources, prefix);
        settings["STOCKMONITOR_RABBITMQ"] = $"amqp://guest:guest@127.0.0.1:{proxy.Endpoint.Port}/";
        settings["Archive:MaxWait"] = "00:00:02";
        settings["Pricing:PublishTimeout"] = "00:00:03";
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings);
        await using var archive = await ServiceProcess.StartAsync("archive", "StockMonitor.Archive", settings);
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);

        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var quotes = Enumerable.Range(0, Quotes)
            .Select(i => new QuoteReceived(
                new Quote($"OUT{i % Symbols}", 100m + (i % 97), "USD", null, null, null, null, 1_000m + i, start.AddMilliseconds(50 * i), "outage-test"),
                "outage-stream",
                "shardId-000000000000",
                (1_000_000 + i).ToString(CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow))
            .ToList();

        // ~400 quotes/s for ~15 s while the broker goes away five times for 2 s.
        var published = 0;
        var publishing = Task.Run(async () =>
        {
            foreach (var chunk in quotes.Chunk(40))
            {
                await bus.PublishQuotesAsync(chunk);
                Interlocked.Add(ref published, chunk.Length);
                await Task.Delay(100);
            }
        });
        var republished = new List<Task>();
        for (var outage = 0; outage < Outages; outage++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            proxy.Mode = ProxyMode.Refuse;
            await Task.Delay(TimeSpan.FromSeconds(2));
            proxy.Mode = ProxyMode.Forward;

            // As the bridge does when its broker confirms are lost: it reads again from its checkpoint and publishes
            // the last records again, which arrive after the originals, in other batches.
            var upTo = Volatile.Read(ref published);
            republished.Add(Task.WhenAll(quotes.Skip(Math.Max(0, upTo - 300)).Take(Math.Min(300, upTo)).Chunk(40).Select(run => bus.PublishQuotesAsync(run))));
        }

        await publishing;
        await Task.WhenAll(republished);

        var bySymbol = quotes.GroupBy(q => q.Quote.Symbol).ToDictionary(g => g.Key, g => g.ToList());
        await Eventually.HoldsAsync(
            async () => await PricingTables.BarCountsAsync(infra.DynamoDb, resources.QuoteBarsTable, "#1m") is var counts
                && bySymbol.All(s => counts.GetValueOrDefault(s.Key) == s.Value.Count),
            $"every quote counted once in its 1-minute bar (pricing output:{Environment.NewLine}{pricing.RecentOutput})",
            TimeSpan.FromMinutes(3));
        foreach (var (symbol, received) in bySymbol)
        {
            var newest = received.MaxBy(q => q.Quote.ObservedAt)!.Quote;
            var item = (await infra.DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = resources.QuotesLatestTable,
                Key = new() { ["symbol"] = new AttributeValue(symbol) },
                ConsistentRead = true,
            })).Item;
            Assert.Equal(newest.Price.ToString(CultureInfo.InvariantCulture), item["price"].N);
        }

        var rows = await Eventually.ReturnsAsync(
            async () => await LakeIdentities.ReadAsync(infra.S3, resources.LakeBucket) is { Count: >= Quotes } all ? all : null,
            $"every quote in the lake (archive output:{Environment.NewLine}{archive.RecentOutput})",
            TimeSpan.FromMinutes(3));
        Assert.Equal(Quotes, rows.Count);
        Assert.Equal(Quotes, rows.Distinct().Count());

        // Quotes archived long ago come again (the bridge restarted from an old checkpoint), then one new quote: once
        // the new one is in the lake, the queue (in order) has brought the old ones too, and none is a second row.
        await Task.WhenAll(quotes.Skip(1_000).Take(500).Chunk(40).Select(run => bus.PublishQuotesAsync(run)));
        var last = quotes[^1] with { SequenceNumber = "9999999", Quote = quotes[^1].Quote with { ObservedAt = quotes[^1].Quote.ObservedAt.AddSeconds(1) } };
        await bus.PublishQuotesAsync([last]);
        rows = await Eventually.ReturnsAsync(
            async () => await LakeIdentities.ReadAsync(infra.S3, resources.LakeBucket) is var all && all.Contains($"{last.ShardId}/{last.SequenceNumber}") ? all : null,
            $"the last quote in the lake (archive output:{Environment.NewLine}{archive.RecentOutput})",
            TimeSpan.FromMinutes(1));
        Assert.Equal(Quotes + 1, rows.Count);
        Assert.Equal(Quotes + 1, rows.Distinct().Count());
        Assert.False(pricing.HasExited);
        Assert.False(archive.HasExited);
    }
}
