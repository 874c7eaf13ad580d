using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests;

/// <summary>The ingestion service as a whole: its simulated feed reaches the Kinesis stream.</summary>
public class IngestionServiceTests
{
    [Fact]
    public async Task Simulated_feed_puts_quotes_for_every_configured_symbol_on_the_stream()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("ing")))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("STOCKMONITOR_SYMBOLS", "AAPL,MSFT,BRK.B");
            builder.UseSetting("Simulator:Interval", "00:00:00.100");
        });
        using var client = factory.CreateClient();

        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.True(health.IsSuccessStatusCode);
        await Eventually.HoldsAsync(
            async () => (await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream)).Select(q => q.Quote.Symbol).Distinct().Count() == 3,
            "quotes of AAPL, MSFT and BRK.B on the stream");
        var quotes = await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream);
        Assert.All(quotes, q => Assert.Equal("simulator", q.Quote.Source));
        Assert.Equal(["AAPL", "BRK.B", "MSFT"], quotes.Select(q => q.Quote.Symbol).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readiness_is_unhealthy_at_once_while_Kinesis_is_unreachable_and_liveness_stays_healthy()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("ing")))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("AWS_ENDPOINT_URL_KINESIS", $"http://127.0.0.1:{LocalPort.Free()}");
        });
        using var client = factory.CreateClient();

        var health = await HealthAnswer.GetAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", (await HealthAnswer.CheckAsync(client, "kinesis")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.GetAsync(client, "/alive")).StatusCode);
    }
}
