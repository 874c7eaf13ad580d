using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.EndToEnd.Tests;

/// <summary>
/// The broker goes away under load, again and again, and pricing and the archive (separate processes) must resume
/// each time with every quote counted once in its bar, the newest price latest, and each quote one lake row.
/// <para>
/// The crash: the test runs a RabbitMQ node of its own (<see cref="RabbitMqNode"/>: own node name, ports, epmd and
/// data in a temporary folder, the binaries <c>./stockmonitor</c> runs) and five times at load kills the whole server
/// with SIGKILL, waits 2 s and starts it again on the same data. Everything in flight is cut at once: unacknowledged
/// deliveries come back (regrouped) after the restart, acknowledgements the broker had not yet written may be
/// forgotten (so what was already recorded comes again), and publisher confirms are lost. The publisher plays the
/// bridge: it publishes in order and, when a publish fails, waits and starts again from its checkpoint 300 quotes back,
/// so confirmed quotes arrive again in other runs. Only confirmed, persistent messages in durable queues must survive.
/// </para>
/// <para>
/// The connection drop: the shared test broker stays up while a TCP proxy in front of it resets pricing's and the
/// archive's connections for 2 s, five times; the publisher keeps publishing straight to the broker meanwhile, so the
/// consumers come back to a backlog, and their unacknowledged deliveries are redelivered at once while their own
/// handling of them may still be running — a race the crash (whose redeliveries wait for the restart) does not make.
/// </para>
/// </summary>
public class BrokerOutageTests(ITestOutputHelper output)
{
    private const int Symbols = 40;
    private const int Quotes = 6_000;
    private const int Outages = 5;

    /// <summary>How far back the publisher starts again after a failed publish, as the bridge starts again from its checkpoint.</summary>
    private const int CheckpointLag = 300;

    [Fact]
    public async Task Broker_killed_and_restarted_five_times_at_load_pricing_and_the_archive_resume_with_bars_latest_and_lake_exact()
    {
        var infra = await TestInfrastructure.GetAsync();
        var setup = Stopwatch.StartNew();
        await using var broker = await RabbitMqNode.StartAsync();
        output.WriteLine($"own broker answered {setup.Elapsed.TotalSeconds:0.0} s after its start");
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("crash");
        var settings = infra.SettingsFor(resources, prefix);
        settings["STOCKMONITOR_RABBITMQ"] = broker.AmqpUri.ToString();
        settings["Archive:MaxWait"] = "00:00:02";
        settings["Pricing:PublishTimeout"] = "00:00:03";
        await using var pricing = await ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings);
        await using var archive = await ServiceProcess.StartAsync("archive", "StockMonitor.Archive", settings);
        await using var bus = await TestBus.StartAsync(broker.AmqpUri, prefix);
        var quotes = NewQuotes("CRASH");
        output.WriteLine($"broker, pricing, archive and publisher ready in {setup.Elapsed.TotalSeconds:0.0} s (bus prefix {prefix}, lake {resources.LakeBucket}, broker {broker.AmqpUri.Port})");

        var progress = new PublisherProgress();
        var clock = Stopwatch.StartNew();
        var publishing = PublishAsTheBridgeAsync(bus, quotes, progress);
        for (var crash = 1; crash <= Outages; crash++)
        {
            // A sixth more of the quotes confirmed before each crash: every crash hits the publisher and the consumers mid-stream.
            var threshold = crash * Quotes / (Outages + 1);
            await Eventually.HoldsAsync(
                () => Task.FromResult(progress.Confirmed >= threshold),
                $"{threshold} quotes confirmed before crash {crash} (broker output:{Environment.NewLine}{broker.RecentOutput})",
                TimeSpan.FromMinutes(1));
            broker.Kill();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var restart = Stopwatch.StartNew();
            await broker.RestartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: crash {crash} at {threshold} confirmed: broker answered again {restart.Elapsed.TotalSeconds:0.0} s after its restart; {progress.Failures} failed publishes so far");
        }

        await publishing.WaitAsync(TimeSpan.FromMinutes(1));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all {Quotes} quotes confirmed; {progress.Failures} failed publishes, {progress.Republished} quotes published again");
        Assert.True(progress.Failures > 0, "the publisher never saw the broker down: the crashes did not happen at load");

        await AssertExactAsync(infra, resources, quotes, bus, pricing, archive, () => $"broker output:{Environment.NewLine}{broker.RecentOutput}", output.WriteLine);
    }

    [Fact]
    public async Task Connections_dropped_five_times_at_load_with_the_broker_up_pricing_and_the_archive_resume_with_bars_latest_and_lake_exact()
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
        var quotes = NewQuotes("OUT");

        // ~400 quotes/s for ~15 s while the consumers' connections go away five times for 2 s.
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
            republished.Add(Task.WhenAll(quotes.Skip(Math.Max(0, upTo - CheckpointLag)).Take(Math.Min(CheckpointLag, upTo)).Chunk(40).Select(run => bus.PublishQuotesAsync(run))));
        }

        await publishing;
        await Task.WhenAll(republished);

        await AssertExactAsync(infra, resources, quotes, bus, pricing, archive, () => string.Empty, output.WriteLine);
    }

    /// <summary><see cref="Quotes"/> quotes round-robin over <see cref="Symbols"/> symbols, 50 ms apart, on one shard.</summary>
    private static List<QuoteReceived> NewQuotes(string symbolPrefix)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        return Enumerable.Range(0, Quotes)
            .Select(i => new QuoteReceived(
                new Quote($"{symbolPrefix}{i % Symbols}", 100m + (i % 97), "USD", null, null, null, null, 1_000m + i, start.AddMilliseconds(50 * i), "outage-test"),
                "outage-stream",
                "shardId-000000000000",
                (1_000_000 + i).ToString(CultureInfo.InvariantCulture),
                DateTimeOffset.UtcNow))
            .ToList();
    }

    /// <summary>
    /// The bridge's part against a broker that crashes: runs of 40 in order, ~400 quotes/s, each confirmed before the
    /// next. A publish that fails (broker down, connection cut, confirm lost or not in 5 s) is retried after 500 ms from
    /// <see cref="CheckpointLag"/> quotes before the furthest confirmed one, as the bridge starts again from its
    /// checkpoint: quotes already confirmed arrive again, in other runs (other MessageIds).
    /// </summary>
    private static Task PublishAsTheBridgeAsync(TestBus bus, List<QuoteReceived> quotes, PublisherProgress progress) => Task.Run(async () =>
    {
        var next = 0;
        while (next < quotes.Count)
        {
            var run = quotes.Skip(next).Take(40).ToList();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await bus.PublishQuotesAsync(run, timeout.Token);
                next += run.Count;
                progress.Confirm(next);
                await Task.Delay(100);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var from = Math.Max(0, progress.Confirmed - CheckpointLag);
                progress.Fail(republished: next - from);
                next = from;
                await Task.Delay(500);
            }
        }
    });

    private static async Task AssertExactAsync(
        TestInfrastructure infra, AwsResources resources, List<QuoteReceived> quotes, TestBus bus, ServiceProcess pricing, ServiceProcess archive, Func<string> broker, Action<string> log)
    {
        var waited = Stopwatch.StartNew();
        var bySymbol = quotes.GroupBy(q => q.Quote.Symbol).ToDictionary(g => g.Key, g => g.ToList());
        await Eventually.HoldsAsync(
            async () => await PricingTables.BarCountsAsync(infra.DynamoDb, resources.QuoteBarsTable, "#1m") is var counts
                && bySymbol.All(s => counts.GetValueOrDefault(s.Key) >= s.Value.Count),
            $"every quote counted in its 1-minute bar (pricing output:{Environment.NewLine}{pricing.RecentOutput}{Environment.NewLine}{broker()})",
            TimeSpan.FromMinutes(3));
        // Counted once: a quote recorded twice would show here as one too many.
        Assert.Equal(
            bySymbol.ToDictionary(s => s.Key, s => s.Value.Count),
            await PricingTables.BarCountsAsync(infra.DynamoDb, resources.QuoteBarsTable, "#1m"));
        log($"bars exact {waited.Elapsed.TotalSeconds:0.0} s after the last publish");
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
            $"every quote in the lake (archive output:{Environment.NewLine}{archive.RecentOutput}{Environment.NewLine}{broker()})",
            TimeSpan.FromMinutes(3));
        Assert.Equal(Quotes, rows.Count);
        Assert.Equal(Quotes, rows.Distinct().Count());
        log($"lake exact {waited.Elapsed.TotalSeconds:0.0} s after the last publish");

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
        log($"old quotes again and one new: lake exact {waited.Elapsed.TotalSeconds:0.0} s after the last publish");
        Assert.False(pricing.HasExited);
        Assert.False(archive.HasExited);
    }

    /// <summary>What the publisher has done so far, read by the test while it runs.</summary>
    private sealed class PublisherProgress
    {
        private int confirmed;
        private int failures;
        private int republished;

        /// <summary>The furthest position whose quotes (and all before) the broker confirmed.</summary>
        public int Confirmed => Volatile.Read(ref confirmed);

        /// <summary>How many publishes failed.</summary>
        public int Failures => Volatile.Read(ref failures);

        public void Confirm(int upTo)
        {
            if (upTo > Confirmed)
            {
                Volatile.Write(ref confirmed, upTo);
            }
        }

        /// <summary>How many quotes the publisher went back over after failures (confirmed or not).</summary>
        public int Republished => Volatile.Read(ref republished);

        public void Fail(int republished)
        {
            Interlocked.Increment(ref failures);
            Interlocked.Add(ref this.republished, republished);
        }
    }
}
