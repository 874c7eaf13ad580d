using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>Every service has its manifest, image, Service and (where it calls AWS) IAM role, and nothing else does.</summary>
public sealed class ServiceCatalogTests
{
    private const string EksOverlay = "k8s/overlays/eks";

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void Every_service_has_a_manifest_with_its_service_account_deployment_and_service(string name)
    {
        // Arrange
        var file = $"k8s/base/{name}.yaml";

        // Act
        var listed = Repository.BaseKustomization().Items("resources").OfType<YamlScalarNode>().Any(r => r.Value == $"{name}.yaml");
        var kinds = Repository.BaseObjects().Where(o => o.File == file && o.Name == name).Select(o => o.Kind).Order(StringComparer.Ordinal).ToList();
        var deployment = Repository.BaseObjects("Deployment").SingleOrDefault(d => d.Name == name);

        // Assert
        Assert.True(listed, $"{file} is not listed under resources in k8s/base/kustomization.yaml");
        Assert.Equal(["Deployment", "Service", "ServiceAccount"], kinds.Where(k => k is not ("PodDisruptionBudget" or "HorizontalPodAutoscaler")));
        Assert.NotNull(deployment);
        Assert.Equal(name, deployment.PodSpec.Text("serviceAccountName"));
        Assert.Equal([$"stockmonitor/{name}"], deployment.Containers.Select(c => c.Text("image")));
    }

    [Fact]
    public void Several_bridge_replicas_share_the_shards_and_a_disruption_budget_keeps_one_reading()
    {
        // Arrange
        var bridge = Repository.BaseObjects("Deployment").Single(d => d.Name == "bridge");

        // Act
        var replicas = RenderedOverlayTests.MinimumReplicas(bridge, Repository.BaseObjects());
        var budget = Repository.BaseObjects("PodDisruptionBudget").SingleOrDefault(p => p.Name == "bridge");
        var instanceId = bridge.Containers.SelectMany(c => c.Items("env")).SingleOrDefault(e => e.Text("name") == "Bridge__InstanceId");

        // Assert: leases make replicas safe; each needs its own instance id (the pod name).
        Assert.True(replicas >= 2, "the bridge shares shards through leases: run at least two replicas");
        Assert.NotNull(budget);
        Assert.Equal("1", budget.Node.Text("spec", "minAvailable"));
        Assert.Equal("metadata.name", instanceId?.Text("valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void Several_dashboard_replicas_serve_the_pages_and_a_disruption_budget_keeps_one_serving()
    {
        // Arrange
        var dashboard = Repository.BaseObjects("Deployment").Single(d => d.Name == "dashboard");

        // Act
        var replicas = RenderedOverlayTests.MinimumReplicas(dashboard, Repository.BaseObjects());
        var budget = Repository.BaseObjects("PodDisruptionBudget").SingleOrDefault(p => p.Name == "dashboard");

        // Assert: each replica consumes on temporary queues of its own, so any number of them see every change.
        Assert.True(replicas >= 2, "the dashboard is stateless: run at least two replicas so open pages survive a pod going away");
        Assert.NotNull(budget);
        Assert.Equal("1", budget.Node.Text("spec", "minAvailable"));
        Assert.True(
            Selects(budget.Node.At("spec", "selector", "matchLabels") as YamlMappingNode ?? new YamlMappingNode(), dashboard.Node.At("spec", "template", "metadata", "labels")),
            $"{budget}: its selector does not match the dashboard's pods");
    }

    [Fact]
    public void Every_deployment_is_one_of_the_services()
    {
        // Arrange
        var expected = DeployedService.All.Select(s => s.Name).Order(StringComparer.Ordinal);

        // Act
        var deployed = Repository.ServiceDeployments().Select(d => d.Name).Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(expected, deployed);
    }

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void Every_service_image_is_named_in_the_base_and_pulled_from_ecr_by_the_eks_overlay(string name)
    {
        // Arrange
        var image = $"stockmonitor/{name}";

        // Act
        var inBase = Repository.BaseKustomization().Items("images").Any(i => i.Text("name") == image);
        var rendered = Kustomize.Render(EksOverlay, "Deployment").Single(d => d.Name == name).Containers.Single().Text("image");

        // Assert: the registry comes from aws.env (IMAGE_REGISTRY), the tag is pinned.
        Assert.True(inBase, $"{image} has no entry under images in k8s/base/kustomization.yaml");
        Assert.Matches($@"^[0-9]{{12}}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/{image}:[0-9A-Za-z._-]+$", rendered);
    }

    [Fact]
    public void Every_service_targets_a_port_its_pods_listen_on()
    {
        // Arrange
        var services = Repository.BaseObjects("Service");
        var deployments = Repository.BaseObjects("Deployment");

        // Act
        var violations = new List<string>();
        foreach (var service in services)
        {
            var selector = service.Node.At("spec", "selector") as YamlMappingNode ?? new YamlMappingNode();
            var targets = deployments.Where(d => Selects(selector, d.Node.At("spec", "template", "metadata", "labels"))).ToList();
            if (selector.Children.Count == 0 || targets.Count != 1)
            {
                violations.Add($"{service}: its selector matches {targets.Count} Deployments, expected exactly one");
                continue;
            }

            foreach (var port in service.Node.Items("spec", "ports"))
            {
                var targetPort = port.Text("targetPort") ?? port.Text("port");
                var container = targets[0].Containers.FirstOrDefault(c => DeploymentTests.ExposesPort(c, targetPort));
                if (container is null)
                {
                    violations.Add($"{service}: targetPort '{targetPort}' is not a port of {targets[0]}");
                    continue;
                }

                var containerPort = container.Items("ports").First(p => p.Text("name") == targetPort || p.Text("containerPort") == targetPort).Text("containerPort");
                var listening = container.Items("env").FirstOrDefault(e => e.Text("name") == "ASPNETCORE_HTTP_PORTS")?.Text("value");
                // Our services listen where ASPNETCORE_HTTP_PORTS says; a third-party image (Grafana) on its own port.
                var ours = Repository.ServiceDeployments().Any(d => d.Name == targets[0].Name);
                if (ours && listening != containerPort)
                {
                    violations.Add($"{targets[0]}: ASPNETCORE_HTTP_PORTS is '{listening}' but the Service targets container port {containerPort}");
                }
            }
        }

        // Assert
        Assert.NotEmpty(services);
        Violations.AssertNone(violations);
    }

    [Fact]
    public void Services_that_call_aws_get_an_iam_role_in_the_eks_overlay_and_no_other_does()
    {
        // Arrange
        // Grafana queries Athena (its datasource), so it has a role too.
        var expected = DeployedService.All.Where(s => s.CallsAws).Select(s => s.Name).Append(GrafanaManifestTests.Name).Order(StringComparer.Ordinal);

        // Act
        var roles = Kustomize.Render(EksOverlay, "ServiceAccount")
            .Select(a => (a.Name, Role: a.Node.Text("metadata", "annotations", "eks.amazonaws.com/role-arn")))
            .Where(a => a.Role is not null)
            .ToList();

        // Assert: the ARNs come from aws.env (the CDK outputs), whatever the roles are called.
        Assert.Equal(expected, roles.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(roles, r => Assert.Matches("^arn:aws:iam::[0-9]{12}:role/.+$", r.Role));
    }

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void A_service_is_marked_as_calling_aws_exactly_when_it_builds_on_the_aws_library(string name)
    {
        // Arrange
        var service = DeployedService.All.Single(s => s.Name == name);

        // Act
        var projects = DockerfileTests.ProjectClosure(DockerfileTests.ProjectFile(service.ProjectDir));
        var referencesAws = projects.Contains("libs/StockMonitor.Aws/StockMonitor.Aws.csproj");

        // Assert: CallsAws decides who gets an IAM role above, so it must follow the code.
        Assert.True(
            service.CallsAws == referencesAws,
            $"{service}: CallsAws is {service.CallsAws}, but its project {(referencesAws ? "references" : "does not reference")} libs/StockMonitor.Aws");
    }

    private static bool Selects(YamlMappingNode selector, YamlNode? labels) =>
        selector.Children.All(pair => labels?.Text(((YamlScalarNode)pair.Key).Value!) == ((YamlScalarNode)pair.Value).Value);
}
