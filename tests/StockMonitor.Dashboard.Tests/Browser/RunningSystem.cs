using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StockMonitor.Auth;
using StockMonitor.Aws;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.Dashboard.Tests.Browser;

/// <summary>
/// The pipeline the dashboard shows, as separate processes on fresh resources: a Kinesis stream read by a bridge,
/// pricing, portfolio (its own database, relaying its events), and the dashboard; plus Debian's Chromium driven by
/// Playwright. Shared by the browser tests, which run one after another (they restart the dashboard).
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private Dictionary<string, string> dashboardSettings = [];
    private int dashboardPort;

    public TestInfrastructure Infra { get; private set; } = null!;

    public AwsResources Resources { get; private set; } = null!;

    public ServiceProcess Pricing { get; private set; } = null!;

    public ServiceProcess Bridge { get; private set; } = null!;

    public ServiceProcess Portfolio { get; private set; } = null!;

    public ServiceProcess Dashboard { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the tests leave screenshots of the pages (README's come from here).</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("STOCKMONITOR_SCREENSHOTS") ?? Path.Combine(ServiceProcess.RepositoryRoot(), ".stockmonitor", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: the browser tests drive Debian's Chromium. `./stockmonitor test` installs it (apt-get install -y chromium).");
        }

        Infra = await TestInfrastructure.GetAsync();
        Resources = await Infra.CreateResourcesAsync(shards: 2);
        var database = await Infra.CreateDatabaseAsync();
        var settings = Infra.SettingsFor(Resources, TestInfrastructure.UniqueName("dash"), database);
        // The portfolio reads pricing's API: it knows pricing's port before both start side by side.
        var pricingPort = LocalPort.Free();
        var portfolioSettings = new Dictionary<string, string>(settings) { ["PricingApi:BaseUrl"] = $"http://127.0.0.1:{pricingPort}" };
        var starting = new[]
        {
            ServiceProcess.StartAsync("pricing", "StockMonitor.Pricing", settings, "pricing", pricingPort),
            ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", settings, "bridge"),
            ServiceProcess.StartAsync("portfolio", "StockMonitor.Portfolio", portfolioSettings, "portfolio"),
        };
        (Pricing, Bridge, Portfolio) = (await starting[0], await starting[1], await starting[2]);
        using (var http = new HttpClient { BaseAddress = Bridge.BaseAddress })
        {
            await Eventually.HoldsAsync(
                async () => (await http.GetStringAsync(new Uri("/bridge/shards", UriKind.Relative))).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 2,
                "the bridge to read both shards");
        }

        dashboardSettings = new Dictionary<string, string>(settings)
        {
            ["STOCKMONITOR_PRICING_URL"] = Pricing.BaseAddress.ToString(),
            ["STOCKMONITOR_PORTFOLIO_URL"] = Portfolio.BaseAddress.ToString(),
        };
        dashboardPort = LocalPort.Free();
        Dashboard = await StartDashboardAsync();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Without the background-networking flags Chromium keeps trying to reach Google's hosts.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        foreach (var service in new[] { Dashboard, Bridge, Pricing, Portfolio })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }
    }

    /// <summary>Kills the dashboard (SIGKILL, as when its node dies) and, when asked, starts it again on the same address.</summary>
    public void KillDashboard() => Dashboard.Kill();

    public async Task RestartDashboardAsync()
    {
        await Dashboard.DisposeAsync();
        Dashboard = await StartDashboardAsync();
    }

    /// <summary>Puts quotes into the stream, as ingestion does, and returns when Kinesis accepted them.</summary>
    public async Task PutAsync(params Quote[] quotes)
    {
        var answer = await Infra.Kinesis.PutRecordsAsync(Resources.QuoteStream, quotes.Select(q => new PutRecordsEntry(QuoteRecordSerializer.Serialize(q), q.Symbol)).ToList());
        Assert.All(answer.Records, r => Assert.True(r.Succeeded, $"Kinesis refused a record: {r.ErrorCode} {r.ErrorMessage}"));
    }

    public static Quote Quote(string symbol, decimal price, decimal previousClose = 100m, decimal? volume = null) =>
        new(symbol, price, "USD", previousClose, Math.Max(price, previousClose), Math.Min(price, previousClose), previousClose, volume, DateTimeOffset.UtcNow, "dashboard-test");

    /// <summary>A symbol no other test uses (valid: at most 12 of A-Z 0-9).</summary>
    public static string UniqueSymbol(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public static string Token(string subject) =>
        LocalTokens.Mint(new JwtSettings(), subject, Scopes.All, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>The portfolio API as <paramref name="subject"/>.</summary>
    public HttpClient PortfolioApi(string subject)
    {
        var http = new HttpClient { BaseAddress = Portfolio.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(subject));
        return http;
    }

    /// <summary>Opens a portfolio for <paramref name="subject"/> with <paramref name="cash"/> deposited.</summary>
    public async Task<Guid> OpenPortfolioAsync(string subject, string name, decimal cash)
    {
        using var api = PortfolioApi(subject);
        var opened = await Succeeded(await api.PostAsJsonAsync(new Uri("/api/portfolios", UriKind.Relative), new { name, currency = "USD" }));
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Succeeded(await api.PostAsJsonAsync(new Uri($"/api/portfolios/{id}/deposits", UriKind.Relative), new { amount = cash, at = DateTimeOffset.UtcNow.AddDays(-1) }));
        return id;
    }

    /// <summary>A browser page signed in as <paramref name="subject"/> (the session cookie the sign-in sets), or anonymous.</summary>
    public async Task<PageUnderTest> OpenAsync(string path, string? subject = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Dashboard.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        if (subject is not null)
        {
            await context.AddCookiesAsync([new Cookie
            {
                Name = "stockmonitor_session",
                Value = Token(subject),
                Domain = Dashboard.BaseAddress.Host,
                Path = "/",
                HttpOnly = true,
                SameSite = SameSiteAttribute.Strict,
            }]);
        }

        var page = await context.NewPageAsync();
        var opened = new PageUnderTest(context, page);
        await page.GotoAsync(path);
        return opened;
    }

    public static async Task<HttpResponseMessage> Succeeded(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    private Task<ServiceProcess> StartDashboardAsync() =>
        ServiceProcess.StartAsync("dashboard", "StockMonitor.Dashboard", dashboardSettings, "dashboard", dashboardPort);
}
