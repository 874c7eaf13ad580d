using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StockMonitor.ServiceDefaults;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>Every Deployment of our services in k8s/base is hardened, sized, probed and scraped the way the services expect (Grafana: <see cref="GrafanaManifestTests"/>).</summary>
public sealed partial class DeploymentTests
{
    /// <summary>The non-root "app" user of the .NET images (APP_UID); the Dockerfile runs as it too.</summary>
    private const string AppUid = "1654";

    [Fact]
    public void Every_container_runs_as_non_root_without_privileges_on_a_read_only_filesystem()
    {
        // Arrange
        var deployments = Repository.ServiceDeployments();
        (string[] Path, string Expected)[] required =
        [
            (["runAsNonRoot"], "true"),
            (["runAsUser"], AppUid),
            (["allowPrivilegeEscalation"], "false"),
            (["readOnlyRootFilesystem"], "true"),
            (["seccompProfile", "type"], "RuntimeDefault"),
        ];

        // Act
        var violations = new List<string>();
        foreach (var (deployment, container) in ContainersOf(deployments))
        {
            var context = container.At("securityContext") ?? new YamlMappingNode();
            violations.AddRange(required
                .Where(r => context.Text(r.Path) != r.Expected)
                .Select(r => $"{Describe(deployment, container)}: securityContext.{string.Join('.', r.Path)} is '{context.Text(r.Path)}', expected '{r.Expected}'"));
            if (!context.Items("capabilities", "drop").OfType<YamlScalarNode>().Any(c => c.Value == "ALL"))
            {
                violations.Add($"{Describe(deployment, container)}: securityContext.capabilities.drop does not hold ALL");
            }
        }

        // Assert
        Assert.NotEmpty(deployments);
        Violations.AssertNone(violations);
    }

    [Fact]
    public void Every_container_has_cpu_and_memory_requests_within_its_limits()
    {
        // Arrange
        var deployments = Repository.ServiceDeployments();

        // Act
        var violations = new List<string>();
        foreach (var (deployment, container) in ContainersOf(deployments))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var request = container.Text("resources", "requests", resource);
                var limit = container.Text("resources", "limits", resource);
                if (request is null || limit is null)
                {
                    violations.Add($"{Describe(deployment, container)}: resources.requests.{resource} is '{request}' and resources.limits.{resource} is '{limit}'; both are required");
                }
                else if (Quantity(request) > Quantity(limit))
                {
                    violations.Add($"{Describe(deployment, container)}: {resource} request {request} exceeds its limit {limit}");
                }
            }
        }

        // Assert
        Assert.NotEmpty(deployments);
        Violations.AssertNone(violations);
    }

    [Fact]
    public void Every_container_is_probed_on_the_health_endpoints_the_services_map()
    {
        // Arrange
        var deployments = Repository.ServiceDeployments();
        var served = ServedPaths();
        (string Probe, string Path)[] expected =
        [
            ("readinessProbe", "/health"),
            ("livenessProbe", "/alive"),
            ("startupProbe", "/alive"),
        ];

        // Act
        var violations = new List<string>();
        foreach (var (deployment, container) in ContainersOf(deployments))
        {
            foreach (var (probe, path) in expected)
            {
                var actualPath = container.Text(probe, "httpGet", "path");
                var port = container.Text(probe, "httpGet", "port");
                if (actualPath != path)
                {
                    violations.Add($"{Describe(deployment, container)}: {probe}.httpGet.path is '{actualPath}', expected '{path}'");
                }

                if (!ExposesPort(container, port))
                {
                    violations.Add($"{Describe(deployment, container)}: {probe}.httpGet.port '{port}' is not a port the container declares");
                }
            }
        }

        // Assert
        Assert.NotEmpty(deployments);
        Assert.All(expected, e => Assert.Contains(e.Path, served));
        Violations.AssertNone(violations);
    }

    [Fact]
    public void Every_container_has_a_writable_tmp_from_an_empty_dir()
    {
        // Arrange
        var deployments = Repository.ServiceDeployments();

        // Act
        var violations = new List<string>();
        foreach (var (deployment, container) in ContainersOf(deployments))
        {
            var volumeName = container.Items("volumeMounts").FirstOrDefault(m => m.Text("mountPath") == "/tmp")?.Text("name");
            var volume = deployment.PodSpec.Items("volumes").FirstOrDefault(v => volumeName is not null && v.Text("name") == volumeName);
            if (volume?.At("emptyDir") is null)
            {
                violations.Add($"{Describe(deployment, container)}: no emptyDir volume mounted at /tmp (the root filesystem is read-only)");
            }
        }

        // Assert
        Assert.NotEmpty(deployments);
        Violations.AssertNone(violations);
    }

    [Fact]
    public void Every_pod_is_annotated_for_scraping_the_metrics_endpoint()
    {
        // Arrange
        var deployments = Repository.ServiceDeployments();
        var served = ServedPaths();

        // Act
        var violations = new List<string>();
        foreach (var deployment in deployments)
        {
            var annotations = deployment.Node.At("spec", "template", "metadata", "annotations") ?? new YamlMappingNode();
            var scrape = annotations.Text("prometheus.io/scrape");
            var port = annotations.Text("prometheus.io/port");
            var path = annotations.Text("prometheus.io/path");
            if (scrape != "true")
            {
                violations.Add($"{deployment}: prometheus.io/scrape is '{scrape}', expected 'true'");
            }

            if (!deployment.Containers.Any(c => c.Items("ports").Any(p => p.Text("containerPort") == port)))
            {
                violations.Add($"{deployment}: prometheus.io/port '{port}' is not a container port");
            }

            if (path is null || !served.Contains(path))
            {
                violations.Add($"{deployment}: prometheus.io/path '{path}' is not an endpoint the services map ({string.Join(", ", served)})");
            }
        }

        // Assert
        Assert.NotEmpty(deployments);
        Violations.AssertNone(violations);
    }

    [Fact]
    public void Every_pod_gets_longer_to_stop_than_the_services_take_to_drain()
    {
        // Arrange
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        using var services = builder.Services.BuildServiceProvider();
        var drain = services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var deployments = Repository.ServiceDeployments();

        // Act
        var violations = deployments
            .Select(d => (Deployment: d, Grace: d.PodSpec.Text("terminationGracePeriodSeconds")))
            .Where(d => d.Grace is null || TimeSpan.FromSeconds(int.Parse(d.Grace, CultureInfo.InvariantCulture)) <= drain)
            .Select(d => $"{d.Deployment}: terminationGracePeriodSeconds is '{d.Grace}', must exceed the {drain.TotalSeconds} s the service drains for")
            .ToList();

        // Assert
        Assert.NotEmpty(deployments);
        Violations.AssertNone(violations);
    }

    internal static IEnumerable<(ManifestObject Deployment, YamlNode Container)> ContainersOf(IEnumerable<ManifestObject> deployments) =>
        deployments.SelectMany(d => d.Containers.Select(c => (d, c)));

    internal static bool ExposesPort(YamlNode container, string? port) =>
        port is not null && container.Items("ports").Any(p => p.Text("name") == port || p.Text("containerPort") == port);

    private static string Describe(ManifestObject deployment, YamlNode container) => $"{deployment} container {container.Text("name")}";

    /// <summary>The paths MapDefaultEndpoints maps, read from its source so a renamed endpoint fails here.</summary>
    private static HashSet<string> ServedPaths() =>
        MappedPath().Matches(Repository.Read("libs/StockMonitor.ServiceDefaults/Extensions.cs"))
            .Select(m => m.Groups["path"].Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A Kubernetes quantity in base units (cores, bytes), for the suffixes the manifests use.</summary>
    private static decimal Quantity(string value)
    {
        (string Suffix, decimal Factor)[] suffixes = [("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("m", 0.001m)];
        foreach (var (suffix, factor) in suffixes)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                return decimal.Parse(value[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        return decimal.Parse(value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Map(?:HealthChecks|PrometheusScrapingEndpoint)\(""(?<path>/[^""]*)""")]
    private static partial Regex MappedPath();
}
