using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.AlphaVantage;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>
/// The whole ingestion service on fresh resources of the test stack, with Alpha Vantage pointed at a fake server
/// (which turns the simulator off), its logs collected and its counters recorded.
/// </summary>
public sealed class AlphaVantageServiceHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;
    private readonly TestInfrastructure infra;
    private bool stopped;

    private AlphaVantageServiceHost(WebApplicationFactory<Program> factory, TestInfrastructure infra, AwsResources resources, IngestionMeterRecorder metrics, CollectingLoggerProvider logs)
    {
        this.factory = factory;
        this.infra = infra;
        Resources = resources;
        Metrics = metrics;
        Logs = logs;
        MeterScope = factory.Services.GetRequiredService<IMeterFactory>();
    }

    public AwsResources Resources { get; }

    public IngestionMeterRecorder Metrics { get; }

    public CollectingLoggerProvider Logs { get; }

    public IMeterFactory MeterScope { get; }

    public static async Task<AlphaVantageServiceHost> StartAsync(Uri baseUrl, string apiKey, IEnumerable<string> symbols, IReadOnlyDictionary<string, string> settings)
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync();
        var metrics = new IngestionMeterRecorder();
        var logs = new CollectingLoggerProvider();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("av")))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting(AlphaVantageOptions.ApiKeyVariable, apiKey);
            builder.UseSetting(AlphaVantageOptions.BaseUrlVariable, baseUrl.ToString());
            builder.UseSetting("STOCKMONITOR_SYMBOLS", string.Join(',', symbols));
            builder.UseSetting("Logging:LogLevel:StockMonitor", "Debug");
            builder.UseSetting("Logging:LogLevel:System.Net.Http", "Trace");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs));
        });
        return new AlphaVantageServiceHost(factory, infra, resources, metrics, logs);
    }

    public long Count(string instrument, string? reason = null) => Metrics.Count(MeterScope, instrument, AlphaVantagePoller.ProviderName, reason);

    public async Task<List<Quote>> ReadStreamAsync() => [.. (await StreamReader.ReadAllAsync(infra.Kinesis, Resources.QuoteStream)).Select(q => q.Quote)];

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

        // The shared kinesalite has a shard limit: leave no stream behind.
        await infra.Kinesis.DeleteStreamAsync(Resources.QuoteStream);
    }
}
