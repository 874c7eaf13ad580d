using System.Diagnostics.Metrics;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.AlphaVantage;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.Publishing;
using StockMonitor.Ingestion.Symbols;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>
/// An <see cref="AlphaVantagePoller"/> on a <see cref="FakeTimeProvider"/>, talking to a real fake server and emitting
/// through the real intake and producer into a stream of its own. Tests drive it step by step. GLOBAL_QUOTE unless
/// the test turns bulk quotes on; no least interval per symbol unless the test sets one.
/// </summary>
internal sealed class PollerHarness : IAsyncDisposable
{
    /// <summary>Friday 2026-11-27, 13:00 US/Eastern: mid-session.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 11, 27);

    private readonly ServiceProvider services;
    private readonly KinesisQuoteProducer producer;
    private readonly KinesisClient kinesis;
    private readonly AwsResources? resources;

    private PollerHarness(ServiceProvider services, FakeAlphaVantageServer server, FakeTimeProvider time, MeterRecorder metrics, CollectingLoggerProvider logs, KinesisClient kinesis, AwsResources? resources)
    {
        this.services = services;
        this.kinesis = kinesis;
        this.resources = resources;
        Server = server;
        Time = time;
        Metrics = metrics;
        Logs = logs;
        producer = services.GetRequiredService<KinesisQuoteProducer>();
        Poller = services.GetRequiredService<AlphaVantagePoller>();
        Universe = services.GetRequiredService<SymbolUniverse>();
        MeterScope = services.GetRequiredService<IMeterFactory>();
    }

    public FakeAlphaVantageServer Server { get; }

    public FakeTimeProvider Time { get; }

    public AlphaVantagePoller Poller { get; }

    public SymbolUniverse Universe { get; }

    public MeterRecorder Metrics { get; }

    public IMeterFactory MeterScope { get; }

    public CollectingLoggerProvider Logs { get; }

    /// <summary>
    /// Starts the poller; with <paramref name="withStream"/> its quotes go to a stream of its own (deleted at the end),
    /// otherwise they stay in the producer's buffer and are known from the counters only.
    /// </summary>
    public static async Task<PollerHarness> StartAsync(
        IReadOnlyList<string> symbols, string plan, Func<FakeRequest, HttpContext, Task> respond, Action<AlphaVantageOptions>? configure = null, bool withStream = false)
    {
        // Without a stream the producer is never started, so Kinesis is never called: no server is needed.
        var infra = withStream ? await TestInfrastructure.GetAsync() : null;
        var resources = infra is null ? null : await infra.CreateResourcesAsync(shards: 1);
        var kinesis = infra?.Kinesis ?? KinesisClient.Create(new Uri("http://127.0.0.1:9/"), "us-east-1", new BasicAWSCredentials("unused", "unused"));
        var server = await FakeAlphaVantageServer.StartAsync(respond);
        var options = new AlphaVantageOptions { ApiKey = "POLLERTESTKEY", BaseUrl = server.BaseUrl, Plan = plan, BulkQuotes = false, MinSymbolInterval = TimeSpan.Zero };
        configure?.Invoke(options);
        var time = new FakeTimeProvider(Start);
        var logs = new CollectingLoggerProvider();
        var metrics = IngestionCounters.Record();

        var services = new ServiceCollection()
            .AddMetrics()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(kinesis)
            .AddSingleton(Options.Create(resources ?? new AwsResources { QuoteStream = "not-used" }))
            .AddSingleton(Options.Create(new ProducerOptions()))
            .AddSingleton(Options.Create(new SymbolOptions { Symbols = symbols }))
            .AddSingleton(Options.Create(options))
            .AddSingleton<KinesisQuoteProducer>()
            .AddSingleton<IngestionMetrics>()
            .AddSingleton<QuoteIntake>()
            .AddSingleton<SymbolUniverse>()
            .AddSingleton<AlphaVantageClient>()
            .AddSingleton<AlphaVantagePoller>();
        services.AddHttpClient(AlphaVantageClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        var harness = new PollerHarness(services.BuildServiceProvider(), server, time, metrics, logs, kinesis, resources);
        if (withStream)
        {
            await harness.producer.StartAsync(CancellationToken.None);
        }

        return harness;
    }

    /// <summary>One step of the poller; fails instead of hanging if it waits for time that never comes.</summary>
    public Task<TimeSpan> PollOnceAsync() => Poller.PollOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>
    /// <paramref name="times"/> steps, each of which must make a request; before each, the clock is moved on to the
    /// key's next token (requests are spaced over the minute).
    /// </summary>
    public async Task PollAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Time.Advance(Poller.Bucket.TimeUntilAvailable());
            Assert.Equal(TimeSpan.Zero, await PollOnceAsync());
        }
    }

    /// <summary>
    /// Lets the poller run as its provider loop would for <paramref name="duration"/> of fake time: each step either
    /// makes a request or says how long to wait, and the clock is moved on by that. Stops early after
    /// <paramref name="maxRequests"/> requests. Returns the fake time of every request made.
    /// </summary>
    public async Task<List<DateTimeOffset>> RunAsync(TimeSpan duration, int maxRequests)
    {
        var end = Time.GetUtcNow() + duration;
        var made = new List<DateTimeOffset>();
        while (Time.GetUtcNow() < end && made.Count < maxRequests)
        {
            var now = Time.GetUtcNow();
            var idle = await PollOnceAsync();
            if (idle == TimeSpan.Zero)
            {
                made.Add(now);
            }
            else
            {
                Time.Advance(idle == Timeout.InfiniteTimeSpan || now + idle > end ? end - now : idle);
            }
        }

        return made;
    }

    public long Count(string instrument, string? reason = null) => Metrics.Count(MeterScope, instrument, AlphaVantagePoller.ProviderName, reason);

    /// <summary>Flushes the producer and returns everything on the stream.</summary>
    public async Task<List<Quote>> StopAndReadStreamAsync()
    {
        Assert.NotNull(resources);
        await producer.StopAsync(CancellationToken.None);
        return [.. (await StreamReader.ReadAllAsync(kinesis, resources.QuoteStream)).Select(q => q.Quote)];
    }

    public async ValueTask DisposeAsync()
    {
        await producer.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
        if (resources is not null)
        {
            // The shared kinesalite has a shard limit: leave nothing behind.
            await kinesis.DeleteStreamAsync(resources.QuoteStream);
        }

        await Server.DisposeAsync();
        Metrics.Dispose();
    }
}
