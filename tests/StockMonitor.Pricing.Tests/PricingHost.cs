using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Amazon.DynamoDBv2.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StockMonitor.Aws;
using StockMonitor.Pricing.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests;

/// <summary>
/// The pricing service hosted in the test, on its own tables and bus prefix, with a test bus beside it. Its logs are
/// collected (the batch consumer's at Debug, so <see cref="QuotesProcessed"/> can count); disposing deletes the stream.
/// </summary>
internal sealed class PricingHost : IAsyncDisposable
{
    private PricingHost(TestInfrastructure infra, WebApplicationFactory<Program> factory, TestBus bus, AwsResources resources, CollectingLoggerProvider logs, HttpClient client, string busPrefix)
    {
        BusPrefix = busPrefix;
        Infra = infra;
        Factory = factory;
        Bus = bus;
        Resources = resources;
        Logs = logs;
        Client = client;
    }

    public TestInfrastructure Infra { get; }

    /// <summary>The prefix of this host's queues and exchanges on the shared broker.</summary>
    public string BusPrefix { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public TestBus Bus { get; }

    public AwsResources Resources { get; }

    public CollectingLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    /// <summary>Quotes the batch consumer has finished with (bars, latest quote, alerts), counted from its batch log.</summary>
    public int QuotesProcessed => Logs.Entries
        .Where(e => e.Category == typeof(QuoteRecorder).FullName && e.Message.StartsWith("Recorded a batch", StringComparison.Ordinal))
        .Sum(e => int.Parse(e["Count"] ?? "0", CultureInfo.InvariantCulture));

    /// <summary>Whether the recorder has no quote waiting or being recorded.</summary>
    public bool RecorderIdle => Factory.Services.GetRequiredService<QuoteRecorder>().IsIdle;

    /// <summary>
    /// Waits until the statistics of <paramref name="symbol"/> cover <paramref name="count"/> quotes and the recorder
    /// has nothing left to do.
    /// </summary>
    public Task WaitForStatisticsAsync(string symbol, int count) =>
        Eventually.HoldsAsync(
            async () => await Client.GetAsync(new Uri($"/api/quotes/{symbol}", UriKind.Relative)) is { StatusCode: HttpStatusCode.OK } response
                && (await response.Content.ReadFromJsonAsync<LatestQuote>())?.StatsQuoteCount == count
                && RecorderIdle,
            $"statistics of {count} quotes of {symbol}");

    /// <summary>The symbol's item of the latest table as stored (a consistent read); null when there is none.</summary>
    public async Task<Dictionary<string, AttributeValue>?> LatestItemAsync(string symbol)
    {
        var response = await Infra.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = Resources.QuotesLatestTable,
            Key = new() { ["symbol"] = new AttributeValue(symbol) },
            ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    public static Task<PricingHost> StartAsync(params Type[] listenTo) => StartAsync(inOrder: false, null, listenTo);

    /// <summary>Like <see cref="StartWithSettingsAsync"/>, with <paramref name="services"/> changing the service's registrations last.</summary>
    public static Task<PricingHost> StartWithServicesAsync(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> services, params Type[] listenTo) =>
        StartAsync(inOrder: false, settings, listenTo, services);

    /// <summary>Like <see cref="StartAsync(Type[])"/>, with <paramref name="settings"/> on top of the test's own (endpoints, timeouts).</summary>
    public static Task<PricingHost> StartWithSettingsAsync(IReadOnlyDictionary<string, string> settings, params Type[] listenTo) => StartAsync(inOrder: false, settings, listenTo);

    /// <summary>Like <see cref="StartAsync(Type[])"/>, with a test bus that records messages in the order they were queued.</summary>
    public static Task<PricingHost> StartInOrderAsync(params Type[] listenTo) => StartAsync(inOrder: true, null, listenTo);

    private static async Task<PricingHost> StartAsync(bool inOrder, IReadOnlyDictionary<string, string>? settings, Type[] listenTo, Action<IServiceCollection>? services = null)
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("pr");
        var bus = inOrder
            ? await TestBus.StartInOrderAsync(infra.Servers.RabbitMq, prefix, listenTo)
            : await TestBus.StartAsync(infra.Servers.RabbitMq, prefix, listenTo);
        var logs = new CollectingLoggerProvider();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, prefix))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Logging:LogLevel:StockMonitor.Pricing.Quotes.QuoteRecorder", "Debug");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services
                .AddSingleton<ILoggerProvider>(logs)
                .AddLogging(l => l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning)));
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
        });
        // Creating the client starts the host, which waits until its queues are bound.
        return new PricingHost(infra, factory, bus, resources, logs, factory.CreateClient(), prefix);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Bus.DisposeAsync();
        Logs.Dispose();

        // The shared kinesalite has a shard limit: leave no stream behind.
        await Infra.Kinesis.DeleteStreamAsync(Resources.QuoteStream);
    }
}
