using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using StockMonitor.Auth;
using StockMonitor.Aws;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Grafana.Tests;

/// <summary>
/// The services the dashboards read, as separate processes on fresh resources of the shared test servers: ingestion
/// (its simulator feeding the stream, and a short replay with a malformed row), the bridge, pricing, the archive and portfolio. Before the panels run it puts a
/// symbol of its own with 90 minutes of history on the stream (so there are minute and hour bars, returns and lake
/// objects of two days around midnight) and a portfolio that holds it.
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    /// <summary>How far back the test symbol's quotes go.</summary>
    public static readonly TimeSpan History = TimeSpan.FromMinutes(90);

    private readonly List<ServiceProcess> services = [];
    private string busPrefix = "";
    private string? replayFile;

    public TestInfrastructure Infra { get; private set; } = null!;

    public AwsResources Resources { get; private set; } = null!;

    /// <summary>The symbol this stack put quotes of on the stream.</summary>
    public string Symbol { get; } = "GF" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public Guid PortfolioId { get; private set; }

    /// <summary>A bearer token of the demo subject that may read portfolios (what Grafana's datasource carries).</summary>
    public string PortfolioToken { get; } =
        LocalTokens.Mint(new JwtSettings(), LocalTokens.DemoSubject, Scopes.All, TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

    public ServiceProcess Pricing { get; private set; } = null!;

    public ServiceProcess Portfolio { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Services => services;

    public async Task InitializeAsync()
    {
        Infra = await TestInfrastructure.GetAsync();
        Resources = await Infra.CreateResourcesAsync(shards: 2);
        var database = await Infra.CreateDatabaseAsync();
        busPrefix = TestInfrastructure.UniqueName("graf");
        var settings = Infra.SettingsFor(Resources, busPrefix, database);
        settings["Archive:MaxWait"] = "00:00:01";
        // Ingestion runs its simulator and a replay of two rows, one of them malformed: the rejected-quotes panel has data.
        replayFile = Path.Combine(Path.GetTempPath(), $"stockmonitor-grafana-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(replayFile, $"timestamp,symbol,price\n{DateTimeOffset.UtcNow:O},GFREPLAY,10.5\nnot-a-time,GFREPLAY,abc\n");
        var ingestionSettings = new Dictionary<string, string>(settings) { ["Replay:File"] = replayFile, ["Replay:Speed"] = "0", ["Simulator:Enabled"] = "true" };
        var pricingPort = LocalPort.Free();
        var portfolioSettings = new Dictionary<string, string>(settings) { ["PricingApi:BaseUrl"] = $"http://127.0.0.1:{pricingPort}" };
        var starting = new[]
        {
            ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing", pricingPort),
            ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge"),
            ServiceProcess.StartAsync("archive", "StockMonitor.Archive", settings, "archive"),
            ServiceProcess.StartAsync("portfolio", "StockMonitor.Portfolio", portfolioSettings, "portfolio"),
            ServiceProcess.StartAsync("ingestion", "StockMonitor.Ingestion", ingestionSettings, "ingestion"),
        };
        try
        {
            foreach (var service in starting)
            {
                services.Add(await service);
            }
        }
        catch
        {
            await DisposeStartedAsync(starting);
            throw;
        }

        (Pricing, Portfolio) = (services[0], services[3]);
        await PutHistoryAsync();
        await PublishPoisonAsync();
        await OpenPortfolioAsync();
        await WaitForDataAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }

        if (replayFile is not null)
        {
            File.Delete(replayFile);
        }
    }

    /// <summary>The portfolio API as Grafana's datasource calls it.</summary>
    public HttpClient PortfolioClient()
    {
        var http = new HttpClient { BaseAddress = Portfolio.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortfolioToken);
        return http;
    }

    public HttpClient PricingClient() => new() { BaseAddress = Pricing.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>One quote a minute for <see cref="History"/>, a random walk, the last one now; plus one invalid record for the bridge's dead-letter counter.</summary>
    private async Task PutHistoryAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var minutes = (int)History.TotalMinutes;
        var price = 100m;
        var entries = new List<PutRecordsEntry>();
        for (var i = minutes; i >= 0; i--)
        {
            price = Math.Round(price * (1 + (decimal)(Math.Sin(i) / 200)), 4);
            var quote = new Quote(Symbol, price, "USD", 100m, Math.Max(price, 101m), Math.Min(price, 99m), 100m, 1_000m + (minutes - i) * 10m, now.AddMinutes(-i), "grafana-test");
            entries.Add(new PutRecordsEntry(QuoteRecordSerializer.Serialize(quote), Symbol));
        }

        entries.Add(new PutRecordsEntry("not a quote"u8.ToArray(), Symbol));
        var answer = await Infra.Kinesis.PutRecordsAsync(Resources.QuoteStream, entries);
        Assert.All(answer.Records, r => Assert.True(r.Succeeded, $"Kinesis refused a record: {r.ErrorCode} {r.ErrorMessage}"));
    }

    /// <summary>
    /// Poison on the bus, for the error-queue panel: a quote without its Kinesis coordinates (pricing sends it to its
    /// error queue itself) and a PriceChanged without a symbol (portfolio's consumer faults; MassTransit moves it).
    /// </summary>
    private async Task PublishPoisonAsync()
    {
        await using var bus = await TestBus.StartAsync(Infra.Servers.RabbitMq, busPrefix);
        var quote = new Quote("GFPOISON", 1m, "USD", null, null, null, null, null, DateTimeOffset.UtcNow, "grafana-test");
        await bus.Publisher.Publish(new QuotesReceived([new QuoteReceived(quote, Resources.QuoteStream, "", "", DateTimeOffset.UtcNow)]));
        await bus.Publisher.Publish(new PriceChanged(null!, 1m, null, null, null, DateTimeOffset.UtcNow));
    }

    private async Task OpenPortfolioAsync()
    {
        using var http = PortfolioClient();
        var opened = await http.PostAsJsonAsync(new Uri("/api/portfolios", UriKind.Relative), new { name = "Grafana test", currency = "USD" });
        await EnsureAsync(opened, "opening a portfolio");
        PortfolioId = Guid.Parse((await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        var at = DateTimeOffset.UtcNow - History;
        await EnsureAsync(await http.PostAsJsonAsync(new Uri($"/api/portfolios/{PortfolioId}/deposits", UriKind.Relative), new { amount = 10_000m, at }), "a deposit");
        await EnsureAsync(
            await http.PostAsJsonAsync(new Uri($"/api/portfolios/{PortfolioId}/trades", UriKind.Relative), new { symbol = Symbol, side = "BUY", quantity = 10m, price = 100m, executedAt = at.AddMinutes(1) }),
            "a trade");
        // A command the portfolio refuses (more cash out than in), so that the rejected outcome is exported too.
        using var refused = await http.PostAsJsonAsync(new Uri($"/api/portfolios/{PortfolioId}/withdrawals", UriKind.Relative), new { amount = 1_000_000m });
        Assert.False(refused.IsSuccessStatusCode, "withdrawing more than the cash must be refused");
    }

    private async Task WaitForDataAsync()
    {
        using var pricing = PricingClient();
        await Eventually.HoldsAsync(
            async () =>
            {
                using var bars = await pricing.GetAsync(new Uri($"/api/quotes/{Symbol}/bars?interval=1m", UriKind.Relative));
                return bars.StatusCode == HttpStatusCode.OK && (await bars.Content.ReadFromJsonAsync<JsonArray>())!.Count > MinuteBarsExpected;
            },
            $"pricing to serve the minute bars of {Symbol}; its output:{Environment.NewLine}{Pricing.RecentOutput}",
            TimeSpan.FromSeconds(90));
        await Eventually.HoldsAsync(
            async () => (await Infra.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Resources.LakeBucket, Prefix = "quotes/" })).S3Objects is { Count: > 0 },
            $"the archive to write a lake object; its output:{Environment.NewLine}{services[2].RecentOutput}",
            TimeSpan.FromSeconds(60));
    }

    // The minute bars of the last hour (the API's default range) are at least 50.
    private const int MinuteBarsExpected = 50;

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task DisposeStartedAsync(IEnumerable<Task<ServiceProcess>> starting)
    {
        foreach (var task in starting)
        {
            try
            {
                await (await task).DisposeAsync();
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or FileNotFoundException)
            {
                // It failed to start: nothing to stop.
            }
        }
    }
}
