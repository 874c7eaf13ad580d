using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Testing;

namespace StockMonitor.Archive.Tests;

public class ArchiveHealthTests
{
    [Fact]
    public async Task Readiness_is_unhealthy_while_the_lake_in_S3_is_unreachable_and_ready_again_when_it_answers()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        await using var s3 = TcpProxy.To(new Uri(infra.Servers.AwsEnvironment["AWS_ENDPOINT_URL_S3"]));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("ah")))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("AWS_ENDPOINT_URL_S3", s3.Endpoint.ToString());
            builder.UseSetting("Health:DependencyCacheFor", "00:00:00");
        });
        using var client = factory.CreateClient();

        s3.Mode = ProxyMode.Refuse;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HealthAnswer.GetAsync(client)).StatusCode);
        Assert.Equal("Unhealthy", (await HealthAnswer.CheckAsync(client, "s3")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.GetAsync(client, "/alive")).StatusCode);

        s3.Mode = ProxyMode.Forward;

        await Eventually.HoldsAsync(async () => (await HealthAnswer.GetAsync(client)).StatusCode == HttpStatusCode.OK, "the archive ready again");
    }
}
