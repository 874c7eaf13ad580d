using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests;

public class PortfolioHealthTests
{
    [Fact]
    public async Task Readiness_is_unhealthy_while_PostgreSQL_is_unreachable_and_ready_again_when_it_answers()
    {
        var infra = await TestInfrastructure.GetAsync();
        var database = new NpgsqlConnectionStringBuilder(await infra.CreateDatabaseAsync());
        await using var postgres = TcpProxy.To(new Uri($"tcp://{database.Host}:{database.Port}"));
        database.Port = postgres.Endpoint.Port;
        var settings = infra.SettingsFor(new AwsResources(), TestInfrastructure.UniqueName("ph"), database.ConnectionString);
        settings["PricingApi:BaseUrl"] = PricingStandIn.Nowhere.ToString();
        settings["Health:DependencyCacheFor"] = "00:00:00";
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        using var client = factory.CreateClient();

        postgres.Mode = ProxyMode.Refuse;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HealthAnswer.GetAsync(client)).StatusCode);
        Assert.Equal("Unhealthy", (await HealthAnswer.CheckAsync(client, "postgresql")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.GetAsync(client, "/alive")).StatusCode);

        postgres.Mode = ProxyMode.Forward;

        await Eventually.HoldsAsync(async () => (await HealthAnswer.GetAsync(client)).StatusCode == HttpStatusCode.OK, "the portfolio service ready again");
    }
}
