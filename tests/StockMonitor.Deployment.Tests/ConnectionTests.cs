namespace StockMonitor.Deployment.Tests;

/// <summary>A service that connects to the broker or the database gets its connection string in Kubernetes.</summary>
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
}
