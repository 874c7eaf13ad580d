using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// Kinesis producer throughput against kinesalite vs a raw PutRecords loop of the same records: the raw loop
/// sends pre-serialized 500-record batches one after the other; the producer path starts from Quote objects
/// (serialization, buffering, batching, per-symbol ordering included) and ends when its buffer is flushed.
/// </summary>
internal static class ProducerBenchmark
{
    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var infra = await TestInfrastructure.GetAsync();
        var result = new BenchResult(
            $"Kinesis producer vs raw PutRecords ({settings.Records:N0} quotes over {settings.Symbols:N0} symbols, 4 shards)",
            $"./stockmonitor bench producer --records {settings.Records} --symbols {settings.Symbols} --rounds {settings.Rounds}");
        var start = DateTimeOffset.UtcNow;
        var quotes = Enumerable.Range(0, settings.Records)
            .Select(i => new Quote($"SYM{i % settings.Symbols}", 100m + (i % 997 / 100m), "USD", 99m, 101m, 98m, 99.5m, 1000m + i, start.AddMilliseconds(i), "bench"))
            .ToList();

        for (var round = 1; round <= settings.Rounds; round++)
        {
            var raw = await RawPutRecordsAsync(infra, quotes);
            var producer = await ProducerAsync(infra, quotes);
            result.Add("raw PutRecords loop", "records/s", raw);
            result.Add("KinesisQuoteProducer", "records/s", producer);
            result.Add("ratio producer / raw", "", producer / raw);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round {round}: raw {raw:N0}/s, producer {producer:N0}/s, ratio {producer / raw:0.00}"));
        }

        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"Both paths deliver every record (checked by counting what was accepted). The producer puts at most one record per symbol in a call so that retries keep per-symbol order; with fewer symbols than 500 its calls are smaller than the raw loop's."));
        return result;
    }

    private static async Task<double> RawPutRecordsAsync(TestInfrastructure infra, List<Quote> quotes)
    {
        var stream = await CreateStreamAsync(infra);
        var entries = quotes.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList();
        var accepted = 0;
        var clock = Stopwatch.StartNew();
        for (var offset = 0; offset < entries.Count; offset += 500)
        {
            var batch = entries.GetRange(offset, Math.Min(500, entries.Count - offset));
            while (batch.Count > 0)
            {
                var answer = await infra.Kinesis.PutRecordsAsync(stream, batch);
                accepted += batch.Count - answer.FailedRecordCount;
                batch = batch.Where((_, i) => !answer.Records[i].Succeeded).ToList();
            }
        }

        clock.Stop();
        await infra.Kinesis.DeleteStreamAsync(stream);
        return Check(accepted, quotes.Count, "raw loop") / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> ProducerAsync(TestInfrastructure infra, List<Quote> quotes)
    {
        var stream = await CreateStreamAsync(infra);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var producer = new KinesisQuoteProducer(
            infra.Kinesis,
            Options.Create(new AwsResources { QuoteStream = stream }),
            Options.Create(new ProducerOptions()),
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            TimeProvider.System,
            NullLogger<KinesisQuoteProducer>.Instance);
        using var recordsPut = new RecordsPutListener();
        await producer.StartAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        foreach (var quote in quotes)
        {
            await producer.EnqueueAsync(quote, CancellationToken.None);
        }

        await producer.StopAsync(CancellationToken.None);
        clock.Stop();
        await infra.Kinesis.DeleteStreamAsync(stream);
        return Check((int)recordsPut.Total, quotes.Count, "producer") / clock.Elapsed.TotalSeconds;
    }

    private static int Check(int accepted, int expected, string path) =>
        accepted == expected ? accepted : throw new InvalidOperationException($"The {path} delivered {accepted} of {expected} records.");

    private static async Task<string> CreateStreamAsync(TestInfrastructure infra)
    {
        var stream = TestInfrastructure.UniqueName("bench");
        await infra.Provisioner.EnsureStreamAsync(stream, 4);
        return stream;
    }
}
