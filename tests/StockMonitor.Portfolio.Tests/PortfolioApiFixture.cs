using System.Net.Http.Headers;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Auth;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests;

/// <summary>
/// The portfolio service on a database of its own and a stand-in for pricing's API (one of each per test class);
/// tests use distinct portfolios. <see cref="Client"/> carries a token of subject "demo" with every scope; other clients carry the
/// tokens a test mints. The service runs as deployed (environment Production), so it checks tokens with a key of its own,
/// <see cref="SigningKey"/>: it refuses to start on the development key.
/// </summary>
public class PortfolioApiFixture : IAsyncLifetime
{
    /// <summary>The tests' signing key (not the development key, which the service refuses outside Development).</summary>
    public const string SigningKey = "portfolio-tests-signing-key-at-least-thirty-two-bytes";

    /// <summary>The settings tokens of the tests' service are signed with.</summary>
    public static JwtSettings Jwt => new() { SigningKey = SigningKey };

    /// <summary>The subject of a second user, for owner isolation.</summary>
    public const string OtherSubject = "someone-else";

    private WebApplicationFactory<Program>? factory;
    private readonly List<HttpClient> clients = [];

    /// <summary>Subject "demo", scopes portfolios:read and portfolios:write.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Where this fixture's service reads latest prices and hour bars; it serves none until a test adds them.</summary>
    public PricingStandIn Pricing { get; private set; } = null!;

    /// <summary>Subject <see cref="OtherSubject"/>, every scope.</summary>
    public HttpClient Other { get; private set; } = null!;

    public IServiceProvider Services => factory!.Services;

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public async Task InitializeAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var database = await infra.CreateDatabaseAsync();
        var prefix = TestInfrastructure.UniqueName("pf");

        // No prices and no bars: valuations use the trade prices unless a test gives the stand-in some.
        Pricing = await PricingStandIn.StartAsync();
        var settings = infra.SettingsFor(new AwsResources(), prefix, database);
        settings["PricingApi:BaseUrl"] = Pricing.BaseAddress.ToString();
        settings["Auth:SigningKey"] = SigningKey;
        // Tests send requests as fast as they can, far beyond any user: only the rate-limit tests get a limit.
        settings["Portfolio:RateLimit:PermitLimit"] = "1000000";
        Configure(settings);

        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // As deployed: a request the endpoint cannot read is answered by the status-code pages, not an exception.
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        Client = CreateClient(Token(LocalTokens.DemoSubject, Scopes.All));
        Other = CreateClient(Token(OtherSubject, Scopes.All));
    }

    /// <summary>A token signed with the service's key (<see cref="Jwt"/>), valid for an hour unless told otherwise.</summary>
    public static string Token(string subject, IEnumerable<string> scopes, JwtSettings? settings = null, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null) =>
        LocalTokens.Mint(settings ?? Jwt, subject, scopes, lifetime ?? TimeSpan.FromHours(1), issuedAt ?? DateTimeOffset.UtcNow);

    /// <summary>Changes the service's settings (configuration keys) before it starts.</summary>
    protected virtual void Configure(IDictionary<string, string> settings)
    {
    }

    /// <summary>A client of the service with <paramref name="token"/> as bearer token, or none.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = factory!.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        clients.Add(client);
        return client;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (Pricing is not null)
        {
            await Pricing.DisposeAsync();
        }
    }
}
