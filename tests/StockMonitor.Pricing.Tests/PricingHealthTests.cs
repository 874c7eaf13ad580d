using System.Net;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests;

public class PricingHealthTests
{
    [Fact]
    public async Task Readiness_is_unhealthy_while_DynamoDB_is_unreachable_and_ready_again_when_it_answers()
    {
        await using var proxy = TcpProxy.To(new Uri((await TestInfrastructure.GetAsync()).Servers.AwsEnvironment["AWS_ENDPOINT_URL_DYNAMODB"]));
        await using var host = await PricingHost.StartWithSettingsAsync(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.Endpoint.ToString(),
            ["Health:DependencyCacheFor"] = "00:00:00",
        });

        proxy.Mode = ProxyMode.Refuse;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HealthAnswer.GetAsync(host.Client)).StatusCode);
        Assert.Equal("Unhealthy", (await HealthAnswer.CheckAsync(host.Client, "dynamodb")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.GetAsync(host.Client, "/alive")).StatusCode);

        proxy.Mode = ProxyMode.Forward;

        await Eventually.HoldsAsync(async () => (await HealthAnswer.GetAsync(host.Client)).StatusCode == HttpStatusCode.OK, "pricing ready again");
    }
}
