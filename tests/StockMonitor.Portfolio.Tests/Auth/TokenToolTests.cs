using System.Diagnostics;
using Microsoft.IdentityModel.JsonWebTokens;
using StockMonitor.Auth;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Auth;

/// <summary>
/// <c>./stockmonitor token</c> mints for the local stack only: the development key and the local issuer, which the
/// services accept only in Development. Given another key or issuer it refuses and says why.
/// </summary>
public class TokenToolTests
{
    [Fact]
    public async Task Token_tool_mints_a_token_for_the_local_stack()
    {
        var (exitCode, output, _) = await RunAsync([], new Dictionary<string, string>());

        Assert.Equal(0, exitCode);
        var token = new JsonWebTokenHandler().ReadJsonWebToken(output.Trim());
        Assert.Equal(new JwtSettings().Issuer, token.Issuer);
        Assert.Equal(LocalTokens.DemoSubject, token.Subject);
    }

    [Fact]
    public async Task Token_tool_refuses_to_mint_with_a_key_other_than_the_development_key()
    {
        var (exitCode, output, errors) = await RunAsync([], new Dictionary<string, string> { ["Auth__SigningKey"] = PortfolioApiFixture.SigningKey });

        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains("local", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(PortfolioApiFixture.SigningKey, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_tool_refuses_to_mint_for_another_issuer()
    {
        var (exitCode, output, errors) = await RunAsync(["--subject", "ops"], new Dictionary<string, string> { ["Auth__Issuer"] = "stockmonitor" });

        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains("stockmonitor-local", errors, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var dll = Path.Combine(ServiceProcess.RepositoryRoot(), "tools", "StockMonitor.Token", "bin", ServiceProcess.BuildConfiguration(), "net10.0", "StockMonitor.Token.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the token tool (the test project references it).");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only the settings the test gives: none inherited from whoever runs the tests.
        foreach (var name in new[] { "Auth__SigningKey", "Auth__Issuer", "Auth__Audience" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output, await errors);
    }
}
