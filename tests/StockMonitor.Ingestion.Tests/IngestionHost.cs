using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Symbols;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests;

/// <summary>
/// The whole ingestion service on fresh resources of the test stack with the given settings (usually one provider
/// pointed at a fake source), its logs collected and its counters recorded. Counters and logs stay readable after
/// <see cref="StopAsync"/>; disposing deletes the quote stream.
/// </summary>
public sealed class IngestionHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;
    private bool stopped;

    private IngestionHost(string provider, WebApplicationFactory<Program> factory, TestInfrastructure infra, AwsResources resources, MeterRecorder metrics, CollectingLoggerProvider logs)
    {
        Provider = provider;
        this.factory = factory;
        Infra = infra;
        Resources = resources;
        Metrics = metrics;
        Logs = logs;

        // Also starts the service.
        MeterFactory = factory.Services.GetRequiredService<IMeterFactory>();
    }

    /// <summary>The provider under test: <see cref="Count"/>, <see cref="FailuresByReason"/> and <see cref="FailureLogs"/> are its.</summary>
    public string Provider { get; }

    public TestInfrastructure Infra { get; }

    public AwsResources Resources { get; }

    public MeterRecorder Metrics { get; }

    public CollectingLoggerProvider Logs { get; }

    /// <summary>The factory that created this service's meters, which tells its measurements from those of other hosts.</summary>
    public IMeterFactory MeterFactory { get; }

    public SymbolUniverse Universe => factory.Services.GetRequiredService<SymbolUniverse>();

    /// <summary>
    /// Starts the service for <paramref name="provider"/> on new resources (a stream of <paramref name="shards"/> shards,
    /// or the default) with <paramref name="settings"/> on top of those of the test stack.
    /// </summary>
    public static async Task<IngestionHost> StartAsync(string provider, string busPrefix, IReadOnlyDictionary<string, string> settings, int? shards = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var infra = await TestInfrastructure.GetAsync();
        var resources = shards is { } count ? await infra.CreateResourcesAsync(count) : await infra.CreateResourcesAsync();
        var metrics = IngestionCounters.Record();
        var logs = new CollectingLoggerProvider();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName(busPrefix)))
            {
                builder.UseSetting(key, value);
            }

            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services
                .AddSingleton<ILoggerProvider>(logs)
                // The collector sees everything (down to HttpClient's trace); the test output only warnings.
                .AddLogging(l => l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning)));
        });
        return new IngestionHost(provider, factory, infra, resources, metrics, logs);
    }

    /// <summary>The sum the provider recorded on <paramref name="instrument"/> (see <see cref="IngestionCounters"/>), optionally for one reason.</summary>
    public long Count(string instrument, string? reason = null) => Metrics.Count(MeterFactory, instrument, Provider, reason);

    /// <summary>Every failure reason counted for the provider, with its count.</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason() =>
        Metrics.Recorded(MeterFactory, IngestionCounters.Failed)
            .Where(m => m["provider"] == Provider)
            .GroupBy(m => m["reason"] ?? "")
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    /// <summary>The "rejected" log entries of the provider (one per failure).</summary>
    public IReadOnlyList<LogEntry> FailureLogs() => Logs.Failures.Where(e => e["Provider"] == Provider).ToList();

    /// <summary>Everything on the quote stream, in stream order per shard.</summary>
    public async Task<List<Quote>> QuotesAsync() => [.. (await StreamReader.ReadAllAsync(Infra.Kinesis, Resources.QuoteStream)).Select(q => q.Quote)];

    /// <summary>Waits until the stream holds <paramref name="count"/> quotes of <paramref name="symbol"/> and returns them in stream order.</summary>
    public async Task<List<Quote>> WaitForQuotesAsync(string symbol, int count)
    {
        await Eventually.HoldsAsync(async () => (await QuotesAsync()).Count(q => q.Symbol == symbol) >= count, $"{count} quotes of {symbol} on the stream");
        return (await QuotesAsync()).Where(q => q.Symbol == symbol).ToList();
    }

    /// <summary>Stops the service (the producer flushes what it holds); logs and counters stay readable.</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await factory.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Metrics.Dispose();
        Logs.Dispose();

        // The shared kinesalite has a shard limit: leave no stream behind.
        await Infra.Kinesis.DeleteStreamAsync(Resources.QuoteStream);
    }
}
