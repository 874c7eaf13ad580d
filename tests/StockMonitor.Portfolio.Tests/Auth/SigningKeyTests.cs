using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using StockMonitor.Auth;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Auth;

/// <summary>
/// Outside Development the service starts only with a signing key of its own: the development key in the repository
/// would let anyone mint tokens. The service otherwise starts (a database and settings of its own), so a refusal can
/// only come from the key.
/// </summary>
public class SigningKeyTests
{
    [Fact]
    public async Task Start_outside_Development_without_a_signing_key_is_refused()
    {
        var refusal = await StartAsync("Production", key: null);

        Assert.Contains("Auth:SigningKey is not set", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_outside_Development_with_the_development_key_is_refused()
    {
        var refusal = await StartAsync("Staging", JwtSettings.DevelopmentSigningKey);

        Assert.Contains("development key", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_with_a_key_shorter_than_256_bits_is_refused()
    {
        var refusal = await StartAsync("Production", new string('k', 31));

        Assert.Contains("at least 32 bytes", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_in_Development_without_a_signing_key_uses_the_development_key()
    {
        var refusal = await StartAsync("Development", key: null);

        Assert.Null(refusal);
    }

    [Fact]
    public async Task Token_minted_with_the_development_key_is_rejected_outside_Development()
    {
        // A service deployed with its own key, as it must be now.
        var settings = await SettingsAsync();
        settings["Auth:SigningKey"] = PortfolioApiFixture.SigningKey;
        await using var factory = Host("Production", settings);
        using var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", LocalTokens.Mint(new JwtSettings(), LocalTokens.DemoSubject, Scopes.All, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        using var genuine = factory.CreateClient();
        genuine.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortfolioApiFixture.Token(LocalTokens.DemoSubject, Scopes.All));

        var forgedAnswer = await forged.GetAsync(new Uri("/api/portfolios", UriKind.Relative));
        var genuineAnswer = await genuine.GetAsync(new Uri("/api/portfolios", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, forgedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuineAnswer.StatusCode);
    }

    /// <summary>Starts the service; the message of the start-up failure, or null when it started.</summary>
    private static async Task<string?> StartAsync(string environment, string? key)
    {
        var settings = await SettingsAsync();
        if (key is not null)
        {
            settings["Auth:SigningKey"] = key;
        }

        await using var factory = Host(environment, settings);
        try
        {
            using var client = factory.CreateClient();
            var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            return null;
        }
        catch (OptionsValidationException refusal)
        {
            return refusal.Message;
        }
    }

    private static async Task<Dictionary<string, string>> SettingsAsync()
    {
        var infra = await TestInfrastructure.GetAsync();
        var settings = infra.SettingsFor(new AwsResources(), TestInfrastructure.UniqueName("pfk"), await infra.CreateDatabaseAsync());
        settings["PricingApi:BaseUrl"] = PricingStandIn.Nowhere.ToString();
        return settings;
    }

    private static WebApplicationFactory<Program> Host(string environment, Dictionary<string, string> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            foreach (var (name, value) in settings)
            {
                builder.UseSetting(name, value);
            }
        });
}
