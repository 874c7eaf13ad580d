using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Bridge.Reading;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests;

public class BridgeServiceTests
{
    [Fact]
    public async Task Records_on_the_stream_are_published_in_runs_as_QuotesReceived_with_deterministic_ids()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 2);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        var observedAt = new DateTimeOffset(2026, 11, 27, 15, 31, 7, 123, TimeSpan.Zero);
        var quotes = Enumerable.Range(0, 20).Select(i => new Quote(i % 2 == 0 ? "AAPL" : "MSFT", 100m + i, "USD", null, null, null, 99m, 1000m + i, observedAt.AddSeconds(i), "test")).ToList();
        var put = await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, quotes.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList());

        await using var factory = Bridge(infra, resources, prefix);
        using var client = factory.CreateClient();

        await Eventually.HoldsAsync(() => Task.FromResult(bus.QuoteCount() >= quotes.Count), "20 quotes in QuotesReceived messages");
        var runs = bus.ReceivedWithIds<QuotesReceived>();
        Assert.Equal(quotes.OrderBy(q => q.ObservedAt), runs.SelectMany(r => r.Message.Quotes).Select(m => m.Quote).OrderBy(q => q.ObservedAt));
        // The records were put in one call before the bridge started: each shard's records come in one run, in order.
        Assert.Equal(runs.Select(r => r.Message.Quotes[0].ShardId).Distinct().Count(), runs.Count);
        foreach (var (run, messageId) in runs)
        {
            Assert.Equal(QuotesReceived.IdFor(run.Quotes), messageId);
            Assert.Single(run.Quotes.Select(m => m.ShardId).Distinct());
            Assert.Equal(run.Quotes.Select(m => System.Numerics.BigInteger.Parse(m.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture)).Order(), run.Quotes.Select(m => System.Numerics.BigInteger.Parse(m.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var message in run.Quotes)
            {
                Assert.Equal(resources.QuoteStream, message.StreamName);
                var index = quotes.IndexOf(message.Quote);
                Assert.Equal(put.Records[index].SequenceNumber, message.SequenceNumber);
                Assert.Equal(put.Records[index].ShardId, message.ShardId);
            }
        }
    }

    [Fact]
    public async Task Invalid_records_are_not_published_and_do_not_stop_the_shard()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        var good = new Quote("AAPL", 190m, null, null, null, null, null, null, DateTimeOffset.UtcNow, "test");
        await infra.Kinesis.PutRecordsAsync(resources.QuoteStream,
        [
            new(Encoding.UTF8.GetBytes("{not json"), "AAPL"),
            new(Encoding.UTF8.GetBytes("""{"schema":"quote.v1","symbol":"AAPL","price":-1,"observedAt":"2026-11-27T15:31:07Z","source":"x"}"""), "AAPL"),
            new(QuoteRecordSerializer.Serialize(good), "AAPL"),
        ]);

        await using var factory = Bridge(infra, resources, prefix);
        using var client = factory.CreateClient();

        var received = await Eventually.ReturnsAsync(() => Task.FromResult(bus.ReceivedQuotes() is [var first, ..] ? first : null), "the valid record");
        Assert.Equal(good, received.Quote);
        Assert.Single(bus.ReceivedQuotes());
    }

    [Fact]
    public async Task A_publish_that_never_ends_and_ignores_cancellation_is_given_up_and_the_shard_read_again_from_its_checkpoint()
    {
        // As a publish after a killed broker can do: it neither completes nor honours its token. The shard must not stop.
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("br");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, typeof(QuotesReceived));
        var quotes = Enumerable.Range(0, 5).Select(i => new Quote("STUCK", 100m + i, null, null, null, null, null, null, DateTimeOffset.UtcNow.AddSeconds(-10 + i), "test")).ToList();
        await infra.Kinesis.PutRecordsAsync(resources.QuoteStream, quotes.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList());
        var stuck = new StuckPublishes<QuotesReceived>(1);

        // The bridge's hosted service resolves StreamBridge: this registration, the last, is the one it gets.
        await using var factory = Bridge(infra, resources, prefix, new Dictionary<string, string> { ["Bridge:PublishTimeout"] = "00:00:01" }, services => services
            .AddSingleton(sp => ActivatorUtilities.CreateInstance<StreamBridge>(sp, stuck.Around(sp.GetRequiredService<IBus>()))));
        using var client = factory.CreateClient();

        await Eventually.HoldsAsync(() => Task.FromResult(bus.QuoteCount() >= quotes.Count), "the 5 quotes published after the stuck publish was given up");
        Assert.Equal(1, stuck.Swallowed);
        Assert.Equal(quotes, bus.ReceivedQuotes().Select(m => m.Quote).Distinct().OrderBy(q => q.ObservedAt));
    }

    private static WebApplicationFactory<Program> Bridge(
        TestInfrastructure infra, Aws.AwsResources resources, string prefix, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, prefix).Concat(settings ?? new Dictionary<string, string>()))
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        });
}
