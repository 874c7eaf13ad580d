using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Headers;
using StockMonitor.Auth;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests;

/// <summary>The portfolio service on a database of its own (one per test class); tests use distinct portfolios.</summary>
public sealed class PortfolioApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var database = await infra.CreateDatabaseAsync();
        var prefix = TestInfrastructure.UniqueName("pf");
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(new AwsResources(), prefix, database))
            {
                builder.UseSetting(key, value);
            }
        });
        Client = factory.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", LocalTokens.Mint(new JwtSettings(), LocalTokens.DemoSubject, Scopes.All, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }
}
