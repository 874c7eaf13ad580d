using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Finnhub;
using StockMonitor.Ingestion.Symbols;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>
/// The whole ingestion service on fresh resources with the Finnhub provider pointed at a <see cref="FakeFinnhubServer"/>
/// (the simulator is off because the key is set), with its log entries and failure counters collected.
/// </summary>
internal sealed class FinnhubTestHost : IAsyncDisposable
{
    private readonly FailureRecorder failures;

    private FinnhubTestHost(FakeFinnhubServer server, TestInfrastructure infra, AwsResources resources, WebApplicationFactory<Program> factory, LogCollector logs, FailureRecorder failures)
    {
        Server = server;
        Infra = infra;
        Resources = resources;
        Factory = factory;
        Logs = logs;
        this.failures = failures;
    }

    public FakeFinnhubServer Server { get; }

    public TestInfrastructure Infra { get; }

    public AwsResources Resources { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public LogCollector Logs { get; }

    public SymbolUniverse Universe => Factory.Services.GetRequiredService<SymbolUniverse>();

    /// <summary>
    /// Starts the service streaming <paramref name="symbols"/> from <paramref name="server"/> (arranged beforehand: the
    /// provider asks for previous closes as soon as it starts).
    /// </summary>
    public static async Task<FinnhubTestHost> StartAsync(FakeFinnhubServer server, string symbols)
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var logs = new LogCollector();
        var failures = new FailureRecorder();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("fh")))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("STOCKMONITOR_SYMBOLS", symbols);
            builder.UseSetting(FinnhubOptions.ApiKeyVariable, FakeFinnhubServer.ApiKey);
            builder.UseSetting(FinnhubOptions.WebSocketUrlVariable, server.WebSocketUrl.ToString());
            builder.UseSetting(FinnhubOptions.RestUrlVariable, server.RestUrl.ToString());
            builder.UseSetting("Finnhub:ReconnectInitialDelay", "00:00:00.050");
            builder.UseSetting("Finnhub:ReconnectMaxDelay", "00:00:00.400");
            builder.UseSetting("Finnhub:RestRequestInterval", "00:00:00.010");
            builder.UseSetting("Finnhub:RestTimeout", "00:00:01");
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs));
        });
        _ = factory.Services;
        return new FinnhubTestHost(server, infra, resources, factory, logs, failures);
    }

    /// <summary>Failures the Finnhub provider counted with <paramref name="reason"/>.</summary>
    public long Failed(string reason) => failures.Failed(MeterFactory, FinnhubProvider.Source, reason);

    public IReadOnlyDictionary<string, long> FailuresByReason() => failures.FailuresByReason(MeterFactory, FinnhubProvider.Source);

    /// <summary>The "rejected" log entries of the Finnhub provider (one per failure).</summary>
    public IReadOnlyList<LogEntry> FailureLogs() =>
        Logs.Entries.Where(e => e.Category.EndsWith(".QuoteIntake", StringComparison.Ordinal) && e["Provider"] == FinnhubProvider.Source && e["Reason"] is not null).ToList();

    /// <summary>Waits until the previous close of each of <paramref name="symbols"/> is loaded.</summary>
    public Task WaitForReferencesAsync(params string[] symbols) =>
        Eventually.HoldsAsync(
            () => Task.FromResult(symbols.All(s => Logs.Entries.Any(e => e.Category.EndsWith(".FinnhubReferenceFetcher", StringComparison.Ordinal) && e["Symbol"] == s))),
            $"previous closes of {string.Join(", ", symbols)}");

    /// <summary>Waits until connection <paramref name="connection"/> has subscribed to each of <paramref name="symbols"/>.</summary>
    public Task WaitForSubscriptionsAsync(int connection, params string[] symbols) =>
        Eventually.HoldsAsync(
            () => Task.FromResult(symbols.All(s => Server.ReceivedOn(connection).Contains(Subscribe(s)))),
            $"subscriptions to {string.Join(", ", symbols)} on connection {connection}");

    public Task<List<Quote>> QuotesAsync() => QuotesAsync(Infra, Resources);

    /// <summary>Waits until the stream holds <paramref name="count"/> quotes of <paramref name="symbol"/> and returns them in stream order.</summary>
    public async Task<List<Quote>> WaitForQuotesAsync(string symbol, int count)
    {
        await Eventually.HoldsAsync(async () => (await QuotesAsync()).Count(q => q.Symbol == symbol) >= count, $"{count} quotes of {symbol} on the stream");
        return (await QuotesAsync()).Where(q => q.Symbol == symbol).ToList();
    }

    public static string Subscribe(string symbol) => $$"""{"type":"subscribe","symbol":"{{symbol}}"}""";

    public static string Unsubscribe(string symbol) => $$"""{"type":"unsubscribe","symbol":"{{symbol}}"}""";

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        failures.Dispose();
        Logs.Dispose();

        // The shared test stack has a shard budget (kinesalite's shard limit): give this test's shards back.
        await Infra.Kinesis.DeleteStreamAsync(Resources.QuoteStream);
    }

    private IMeterFactory MeterFactory => Factory.Services.GetRequiredService<IMeterFactory>();

    private static async Task<List<Quote>> QuotesAsync(TestInfrastructure infra, AwsResources resources) =>
        (await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream)).Select(s => s.Quote).ToList();
}
