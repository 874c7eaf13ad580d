using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Publishing;

public class KinesisQuoteProducerTests
{
    [Fact]
    public async Task Enqueued_quotes_all_arrive_in_order_per_symbol_after_stop_flushes()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 3);
        using var producer = CreateProducer(infra, resources);
        await producer.StartAsync(CancellationToken.None);
        var start = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        var sent = new List<Quote>();
        for (var i = 0; i < 400; i++)
        {
            var quote = new Quote($"S{i % 9}", 100m + i, "USD", null, null, null, null, null, start.AddSeconds(i), "test");
            sent.Add(quote);
            await producer.EnqueueAsync(quote, CancellationToken.None);
        }

        await producer.StopAsync(CancellationToken.None);

        var stored = await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream);
        Assert.Equal(sent.Count, stored.Count);
        foreach (var symbol in sent.Select(q => q.Symbol).Distinct())
        {
            Assert.Equal(sent.Where(q => q.Symbol == symbol), stored.Where(s => s.Quote.Symbol == symbol).Select(s => s.Quote));
            Assert.Single(stored.Where(s => s.Quote.Symbol == symbol).Select(s => s.ShardId).Distinct());
        }

        Assert.Equal(0, producer.BufferDepth);
    }

    private static KinesisQuoteProducer CreateProducer(TestInfrastructure infra, AwsResources resources)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new KinesisQuoteProducer(
            infra.Kinesis,
            Options.Create(resources),
            Options.Create(new ProducerOptions { MaxBatchRecords = 100 }),
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            NullLogger<KinesisQuoteProducer>.Instance);
    }
}
