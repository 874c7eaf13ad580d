namespace StockMonitor.Deployment.Tests;

/// <summary>A service that connects to the broker or the database, or checks bearer tokens, gets its connection string or key in Kubernetes.</summary>
public sealed class ConnectionTests
{
    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void A_service_that_uses_the_bus_or_the_database_receives_its_connection_string(string name)
    {
        // Arrange: what the service's wiring calls (its Extensions folder composes the service).
        var service = DeployedService.All.Single(s => s.Name == name);
        var wiring = string.Join('\n', Directory.GetFiles(Repository.PathOf(service.ProjectDir + "/Extensions"), "*.cs").Select(File.ReadAllText));
        var needs = new List<string>();
        if (wiring.Contains("AddMessageBus(", StringComparison.Ordinal))
        {
            needs.Add("STOCKMONITOR_RABBITMQ");
        }

        if (wiring.Contains("AddMarten(", StringComparison.Ordinal))
        {
            needs.Add("STOCKMONITOR_POSTGRES");
        }

        // Act
        var deployment = Repository.BaseObjects("Deployment").Single(d => d.Name == name);
        var env = deployment.Containers.SelectMany(c => c.Items("env")).Select(e => e.Text("name")).ToHashSet(StringComparer.Ordinal);

        // Assert
        Violations.AssertNone(needs.Where(v => !env.Contains(v)).Select(v => $"{deployment}: the service needs {v} but the container does not get it").ToList());
    }

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void A_service_that_checks_bearer_tokens_gets_the_one_shared_signing_key(string name)
    {
        // Arrange: the portfolio API and the dashboard must accept the same tokens, so they read the same key.
        var service = DeployedService.All.Single(s => s.Name == name);
        var wiring = string.Join('\n', Directory.GetFiles(Repository.PathOf(service.ProjectDir + "/Extensions"), "*.cs").Select(File.ReadAllText));
        var checksTokens = wiring.Contains("AddJwtAuthentication(", StringComparison.Ordinal);

        // Act
        var deployment = Repository.BaseObjects("Deployment").Single(d => d.Name == name);
        var key = deployment.Containers.SelectMany(c => c.Items("env")).SingleOrDefault(e => e.Text("name") == "Auth__SigningKey");

        // Assert
        if (checksTokens)
        {
            Assert.True(key is not null, $"{deployment}: the service checks bearer tokens but the container does not get Auth__SigningKey");
            Assert.Equal(("stockmonitor-connections", "Auth__SigningKey"), (key.Text("valueFrom", "secretKeyRef", "name"), key.Text("valueFrom", "secretKeyRef", "key")));
        }
        else
        {
            Assert.True(key is null, $"{deployment}: gets Auth__SigningKey but checks no bearer tokens");
        }
    }

    [Fact]
    public void The_portfolio_reads_pricings_api_at_the_pricing_service()
    {
        // Arrange: the portfolio values holdings with pricing's API (section PricingApi), not pricing's tables.
        var wiring = string.Join('\n', Directory.GetFiles(Repository.PathOf("services/portfolio/StockMonitor.Portfolio/Extensions"), "*.cs").Select(File.ReadAllText));
        var config = Repository.ReadEnvFile("k8s/base/config.env");
        var pricing = Repository.BaseObjects("Service").Single(s => s.Name == "pricing");

        // Act
        var deployment = Repository.BaseObjects("Deployment").Single(d => d.Name == "portfolio");
        var url = deployment.Containers.SelectMany(c => c.Items("env")).SingleOrDefault(e => e.Text("name") == "PricingApi__BaseUrl");

        // Assert
        Assert.Contains("AddPricingClient(", wiring, StringComparison.Ordinal);
        Assert.True(url is not null, $"{deployment}: the portfolio reads pricing's API but the container does not get PricingApi__BaseUrl");
        Assert.Equal(("stockmonitor-config", "STOCKMONITOR_PRICING_URL"), (url.Text("valueFrom", "configMapKeyRef", "name"), url.Text("valueFrom", "configMapKeyRef", "key")));
        Assert.Equal("80", pricing.Node.Items("spec", "ports").Single().Text("port"));
        Assert.Equal($"http://{pricing.Name}", config["STOCKMONITOR_PRICING_URL"]);
    }
}
