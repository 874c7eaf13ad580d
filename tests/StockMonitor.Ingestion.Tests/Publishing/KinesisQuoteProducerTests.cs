using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Publishing;

public class KinesisQuoteProducerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Enqueued_quotes_all_arrive_in_order_per_symbol_after_stop_flushes()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 3);
        using var producer = CreateProducer(infra.Kinesis, resources, new ProducerOptions { MaxBatchRecords = 100 });
        await producer.StartAsync(CancellationToken.None);
        var sent = Quotes(400, symbols: 9);

        foreach (var quote in sent)
        {
            await producer.EnqueueAsync(quote, CancellationToken.None);
        }

        await producer.StopAsync(CancellationToken.None);

        await AssertStreamHoldsExactlyAsync(infra, resources, sent);
        Assert.Equal(0, producer.BufferDepth);
    }

    [Fact]
    public async Task Partially_failed_putrecords_are_retried_until_every_record_is_stored_once_in_order()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 2);
        // Every third entry of the first 20 calls is rejected, and calls 3 and 7 fail as a whole.
        var faults = new FaultInjectingHandler
        {
            FailEntry = (call, index, _) => call <= 20 && index % 3 == 1,
            FailCall = call => call is 3 or 7 ? HttpStatusCode.ServiceUnavailable : null,
        };
        using var producer = CreateProducer(AwsClientFactory.CreateKinesis(infra.Aws, faults), resources, new ProducerOptions
        {
            MaxBatchRecords = 50,
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(20),
        });
        await producer.StartAsync(CancellationToken.None);
        var sent = Quotes(600, symbols: 60);

        foreach (var quote in sent)
        {
            await producer.EnqueueAsync(quote, CancellationToken.None);
        }

        await producer.StopAsync(CancellationToken.None);

        Assert.True(faults.EntriesRejected > 0, "the fault injector rejected no entry: the test tested nothing");
        Assert.Equal(2, faults.CallsRejected);
        await AssertStreamHoldsExactlyAsync(infra, resources, sent);
    }

    [Fact]
    public async Task While_kinesis_is_down_the_buffer_fills_enqueue_waits_and_health_degrades_then_everything_is_delivered()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var down = true;
        var faults = new FaultInjectingHandler { FailCall = _ => Volatile.Read(ref down) ? HttpStatusCode.ServiceUnavailable : null };
        var options = new ProducerOptions { MaxBatchRecords = 5, BufferCapacity = 10, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(10) };
        using var producer = CreateProducer(AwsClientFactory.CreateKinesis(infra.Aws, faults), resources, options);
        var health = new ProducerHealthCheck(producer, Options.Create(options), TimeProvider.System);
        await producer.StartAsync(CancellationToken.None);
        var sent = Quotes(100, symbols: 20);

        var feeding = Task.Run(async () =>
        {
            foreach (var quote in sent)
            {
                await producer.EnqueueAsync(quote, CancellationToken.None);
            }
        });
        // Nothing drains while Kinesis is down, so the feed must stop at the buffer's capacity plus what the
        // sender holds (at most two batches): it cannot have handed over all 100 quotes.
        await Eventually.HoldsAsync(
            () => Task.FromResult(producer.BufferDepth >= options.BufferCapacity && producer.ConsecutiveFailures > 0),
            "a full buffer behind a failed PutRecords");
        var whileDown = await health.CheckHealthAsync(new HealthCheckContext());
        var depthWhileDown = producer.BufferDepth;

        Assert.False(feeding.IsCompleted);
        Assert.InRange(depthWhileDown, options.BufferCapacity, options.BufferCapacity + (2 * options.MaxBatchRecords));
        Assert.Equal(HealthStatus.Degraded, whileDown.Status);
        Assert.True(producer.ConsecutiveFailures > 0);

        Volatile.Write(ref down, false);
        await feeding;
        await producer.StopAsync(CancellationToken.None);

        await AssertStreamHoldsExactlyAsync(infra, resources, sent);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private static List<Quote> Quotes(int count, int symbols) =>
        Enumerable.Range(0, count)
            .Select(i => new Quote($"S{i % symbols}", 100m + i, "USD", null, null, null, null, null, Start.AddMilliseconds(i), "test"))
            .ToList();

    private static async Task AssertStreamHoldsExactlyAsync(TestInfrastructure infra, AwsResources resources, List<Quote> sent)
    {
        var stored = await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream);
        Assert.Equal(sent.Count, stored.Count);
        foreach (var symbol in sent.Select(q => q.Symbol).Distinct())
        {
            Assert.Equal(sent.Where(q => q.Symbol == symbol), stored.Where(s => s.Quote.Symbol == symbol).Select(s => s.Quote));
        }
    }

    private static KinesisQuoteProducer CreateProducer(KinesisClient kinesis, AwsResources resources, ProducerOptions options)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new KinesisQuoteProducer(
            kinesis,
            Options.Create(resources),
            Options.Create(options),
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            TimeProvider.System,
            NullLogger<KinesisQuoteProducer>.Instance);
    }
}
