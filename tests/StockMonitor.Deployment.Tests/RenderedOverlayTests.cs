using System.Globalization;
using System.Text.RegularExpressions;
using StockMonitor.Aws;
using StockMonitor.ServiceDefaults;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>Every overlay under k8s/overlays, rendered by kubectl kustomize as a cluster would receive it: complete, pinned, hardened, configured and wired.</summary>
public sealed partial class RenderedOverlayTests
{
    /// <summary>What the overlays' replacements write over (k8s/overlays/eks/kustomization.yaml); never left in a rendered object.</summary>
    public const string ReplacementMarker = "from-aws-env";

    private static readonly string[] Probes = ["readinessProbe", "livenessProbe"];
    private static readonly string[] Amounts = ["requests", "limits"];
    private static readonly string[] Resources = ["cpu", "memory"];

    private static readonly HashSet<string> ClusterScopedKinds = new(StringComparer.Ordinal)
    {
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "IngressClass", "PersistentVolume", "PriorityClass", "StorageClass",
    };

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void Every_object_has_an_api_version_kind_name_and_namespace(string overlay)
    {
        // Arrange
        var objects = Kustomize.Render(overlay);

        // Act
        var violations = new List<string>();
        foreach (var o in objects)
        {
            foreach (var field in new[] { "apiVersion", "kind" })
            {
                if (string.IsNullOrEmpty(o.Node.Text(field)))
                {
                    violations.Add($"{o}: no {field}");
                }
            }

            if (string.IsNullOrEmpty(o.Name))
            {
                violations.Add($"{o}: no metadata.name");
            }

            if (!ClusterScopedKinds.Contains(o.Kind) && string.IsNullOrEmpty(o.Node.Text("metadata", "namespace")))
            {
                violations.Add($"{o}: no metadata.namespace (it would land in whatever namespace kubectl points at)");
            }
        }

        // Assert
        Assert.NotEmpty(objects);
        Violations.AssertNone(violations);
    }

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void Every_image_is_pinned_to_a_tag_other_than_latest(string overlay)
    {
        // Arrange
        var containers = Containers(overlay);

        // Act
        var violations = containers
            .Select(c => (c.Owner, Image: c.Container.Text("image") ?? ""))
            .Where(c => Tag(c.Image) is null or "latest")
            .Select(c => $"{c.Owner}: image '{c.Image}' has {(Tag(c.Image) is null ? "no tag" : "the tag latest")}; pin a release")
            .ToList();

        // Assert
        Assert.NotEmpty(containers);
        Violations.AssertNone(violations);
    }

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void Every_container_is_probed_sized_and_runs_non_root_read_only_without_privileges(string overlay)
    {
        // Arrange
        var containers = Containers(overlay);

        // Act
        var violations = new List<string>();
        foreach (var (owner, pod, container) in containers)
        {
            var where = $"{owner} container {container.Text("name")}";
            violations.AddRange(Probes
                .Where(p => container.At(p) is null)
                .Select(p => $"{where}: no {p}"));
            violations.AddRange(Amounts
                .SelectMany(kind => Resources.Select(r => (kind, r)))
                .Where(x => container.Text("resources", x.kind, x.r) is null)
                .Select(x => $"{where}: no resources.{x.kind}.{x.r}"));
            var runAsNonRoot = container.Text("securityContext", "runAsNonRoot") ?? pod.Text("securityContext", "runAsNonRoot");
            if (runAsNonRoot != "true")
            {
                violations.Add($"{where}: runAsNonRoot is '{runAsNonRoot}' (container or pod securityContext), expected true");
            }

            if (container.Text("securityContext", "allowPrivilegeEscalation") != "false")
            {
                violations.Add($"{where}: securityContext.allowPrivilegeEscalation is not false");
            }

            if (container.Text("securityContext", "readOnlyRootFilesystem") != "true")
            {
                violations.Add($"{where}: securityContext.readOnlyRootFilesystem is not true");
            }

            if (!container.Items("securityContext", "capabilities", "drop").OfType<YamlScalarNode>().Any(c => c.Value == "ALL"))
            {
                violations.Add($"{where}: securityContext.capabilities.drop does not hold ALL");
            }
        }

        // Assert
        Assert.NotEmpty(containers);
        Violations.AssertNone(violations);
    }

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void Every_variable_a_service_needs_outside_a_developer_machine_is_set_in_its_container(string overlay)
    {
        // Arrange
        var objects = Kustomize.Render(overlay);
        var secrets = DocumentedSecretKeys();

        // Act
        var violations = new List<string>();
        foreach (var service in DeployedService.All)
        {
            var deployment = objects.SingleOrDefault(o => o.Kind == "Deployment" && o.Name == service.Name);
            if (deployment is null)
            {
                violations.Add($"{overlay}: no Deployment {service.Name}");
                continue;
            }

            var container = deployment.Containers.Single(c => c.Text("name") == service.Name);
            var (set, unresolved) = EnvironmentOf(container, objects, secrets);
            violations.AddRange(unresolved.Select(u => $"{deployment}: {u}"));
            violations.AddRange(RequiredVariables(service)
                .Where(r => !r.Any(set.Contains))
                .Select(r => $"{deployment}: the service needs {string.Join(" or ", r)} (its default only works on a developer machine) but the container does not get it"));
        }

        // Assert
        Violations.AssertNone(violations);
    }

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void Every_network_policy_selects_pods_that_exist_and_the_namespace_denies_by_default(string overlay)
    {
        // Arrange
        var policies = Kustomize.Render(overlay, "NetworkPolicy");
        var pods = Kustomize.Render(overlay, "Deployment").Select(d => d.Node.At("spec", "template", "metadata", "labels")).ToList();

        // Act
        var violations = new List<string>();
        foreach (var policy in policies)
        {
            if (!pods.Any(labels => Selects(policy.Node.At("spec", "podSelector"), labels)))
            {
                violations.Add($"{policy}: spec.podSelector matches no pod");
            }

            // Peers in this namespace (a podSelector without a namespaceSelector) must exist too; other namespaces' pods are not ours to check.
            var peers = policy.Node.Items("spec", "ingress").SelectMany(r => r.Items("from"))
                .Concat(policy.Node.Items("spec", "egress").SelectMany(r => r.Items("to")))
                .Where(p => p.At("podSelector") is not null && p.At("namespaceSelector") is null);
            violations.AddRange(peers
                .Where(peer => !pods.Any(labels => Selects(peer.At("podSelector"), labels)))
                .Select(peer => $"{policy}: a from/to podSelector matches no pod ({Describe(peer.At("podSelector"))})"));
        }

        var denyAll = policies.Where(p => p.Node.At("spec", "podSelector") is YamlMappingNode { Children.Count: 0 }
                && p.Node.Items("spec", "policyTypes").OfType<YamlScalarNode>().Select(t => t.Value).Order(StringComparer.Ordinal).SequenceEqual(["Egress", "Ingress"])
                && p.Node.At("spec", "ingress") is null && p.Node.At("spec", "egress") is null)
            .ToList();

        // Assert
        Assert.True(denyAll.Count > 0, $"{overlay}: no NetworkPolicy denies all ingress and egress of every pod");
        Violations.AssertNone(violations);
    }

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void Every_autoscaler_budget_and_ingress_targets_what_exists_and_every_replicated_deployment_has_a_budget(string overlay)
    {
        // Arrange
        var objects = Kustomize.Render(overlay);
        var deployments = objects.Where(o => o.Kind == "Deployment").ToList();

        // Act
        var violations = new List<string>();
        foreach (var hpa in objects.Where(o => o.Kind == "HorizontalPodAutoscaler"))
        {
            var target = hpa.Node.At("spec", "scaleTargetRef");
            if (target?.Text("kind") != "Deployment" || deployments.All(d => d.Name != target.Text("name")))
            {
                violations.Add($"{hpa}: scaleTargetRef {target?.Text("kind")} '{target?.Text("name")}' is not a rendered Deployment");
            }
        }

        foreach (var budget in objects.Where(o => o.Kind == "PodDisruptionBudget"))
        {
            var targets = deployments.Where(d => Selects(budget.Node.At("spec", "selector"), d.Node.At("spec", "template", "metadata", "labels"))).ToList();
            if (targets.Count != 1)
            {
                violations.Add($"{budget}: its selector matches {targets.Count} Deployments, expected exactly one");
            }
            else if (!int.TryParse(budget.Node.Text("spec", "minAvailable"), CultureInfo.InvariantCulture, out var kept) || kept >= MinimumReplicas(targets[0], objects))
            {
                // A budget that keeps every replica blocks node drains for good.
                violations.Add($"{budget}: minAvailable '{budget.Node.Text("spec", "minAvailable")}' must be a number below the {MinimumReplicas(targets[0], objects)} replicas of {targets[0]}");
            }
        }

        violations.AddRange(deployments
            .Where(d => MinimumReplicas(d, objects) > 1)
            .Where(d => !objects.Any(b => b.Kind == "PodDisruptionBudget" && Selects(b.Node.At("spec", "selector"), d.Node.At("spec", "template", "metadata", "labels"))))
            .Select(d => $"{d}: runs {MinimumReplicas(d, objects)} replicas but no PodDisruptionBudget keeps one during node drains"));

        foreach (var ingress in objects.Where(o => o.Kind == "Ingress"))
        {
            foreach (var backend in ingress.Node.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Select(p => p.At("backend", "service")))
            {
                var service = objects.SingleOrDefault(s => s.Kind == "Service" && s.Name == backend?.Text("name"));
                var port = backend?.Text("port", "name") ?? backend?.Text("port", "number");
                if (service is null || !service.Node.Items("spec", "ports").Any(p => p.Text("name") == port || p.Text("port") == port))
                {
                    violations.Add($"{ingress}: backend {backend?.Text("name")}:{port} is not a rendered Service port");
                }
            }
        }

        // Assert
        Assert.NotEmpty(deployments);
        Violations.AssertNone(violations);
    }

    [Theory]
    [MemberData(nameof(Kustomize.OverlayNames), MemberType = typeof(Kustomize))]
    public void No_replacement_marker_is_left(string overlay)
    {
        // Arrange
        var objects = Kustomize.Render(overlay);

        // Act
        var left = objects
            .SelectMany(o => Scalars(o.Node).Where(s => s.Contains(ReplacementMarker, StringComparison.Ordinal)).Select(s => $"{o}: '{s}' was not replaced (a key of aws.env or a replacement is missing)"))
            .ToList();

        // Assert
        Assert.NotEmpty(objects);
        Violations.AssertNone(left);
    }

    /// <summary>The variables a service needs outside a developer machine, each as alternatives (any one will do): what its wiring connects to, and the options whose defaults name the local stack.</summary>
    internal static IReadOnlyList<string[]> RequiredVariables(DeployedService service)
    {
        var source = SourceOf(service);
        var required = new List<string[]>();
        if (source.Contains("AddMessageBus(", StringComparison.Ordinal))
        {
            required.Add([MessageBusExtensions.ConnectionVariable]);
        }

        if (source.Contains("AddMarten(", StringComparison.Ordinal))
        {
            required.Add(["STOCKMONITOR_POSTGRES"]);
        }

        if (source.Contains("AddJwtAuthentication(", StringComparison.Ordinal))
        {
            // JwtSettings defaults to the local issuer and the repository's development key.
            required.AddRange([["Auth__SigningKey"], ["Auth__Issuer"], ["Auth__Audience"]]);
        }

        if (service.CallsAws)
        {
            required.Add(["AWS_REGION"]);
            required.AddRange(typeof(AwsResources).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => new[] { $"{AwsResources.SectionName}__{p.Name}" }));
        }

        // Options bound from a section whose defaults point at the local stack (127.0.0.1): the cluster must set them,
        // under their own name or the variable the wiring falls back to.
        var fallbacks = Fallback().Matches(source).ToDictionary(m => m.Groups["property"].Value, m => m.Groups["variable"].Value, StringComparer.Ordinal);
        foreach (Match options in OptionsClass().Matches(source))
        {
            foreach (Match property in LocalDefault().Matches(options.Groups["body"].Value))
            {
                var name = property.Groups["property"].Value;
                var variable = $"{options.Groups["section"].Value}__{name}";
                required.Add(fallbacks.TryGetValue(name, out var fallback) ? [variable, fallback] : [variable]);
            }
        }

        return required;
    }

    /// <summary>The variables a container gets (env, envFrom) and the references among them that resolve to nothing.</summary>
    private static (HashSet<string> Set, List<string> Unresolved) EnvironmentOf(YamlNode container, IReadOnlyList<ManifestObject> objects, IReadOnlyDictionary<string, IReadOnlySet<string>> secrets)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        IReadOnlySet<string>? ConfigMapKeys(string? name) =>
            objects.SingleOrDefault(o => o.Kind == "ConfigMap" && o.Name == name)?.Node.At("data") is YamlMappingNode data
                ? data.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToHashSet(StringComparer.Ordinal)
                : null;

        foreach (var source in container.Items("envFrom"))
        {
            var (kind, name) = source.At("configMapRef") is { } c ? ("ConfigMap", c.Text("name")) : ("Secret", source.Text("secretRef", "name"));
            var keys = kind == "ConfigMap" ? ConfigMapKeys(name) : secrets.GetValueOrDefault(name ?? "");
            if (keys is null)
            {
                unresolved.Add($"envFrom names {kind} '{name}', which is neither rendered nor a documented Secret");
                continue;
            }

            set.UnionWith(keys);
        }

        foreach (var variable in container.Items("env"))
        {
            var name = variable.Text("name")!;
            var (kind, reference) = variable.At("valueFrom", "configMapKeyRef") is { } c ? ("ConfigMap", c)
                : variable.At("valueFrom", "secretKeyRef") is { } s ? ("Secret", s) : (null, null);
            if (reference is null)
            {
                set.Add(name);
                continue;
            }

            var keys = kind == "ConfigMap" ? ConfigMapKeys(reference.Text("name")) : secrets.GetValueOrDefault(reference.Text("name") ?? "");
            if (keys?.Contains(reference.Text("key") ?? "") == true)
            {
                set.Add(name);
            }
            else if (reference.Text("optional") != "true")
            {
                unresolved.Add($"{name} reads {kind} {reference.Text("name")}/{reference.Text("key")}, which no rendered ConfigMap or documented Secret example holds");
            }
        }

        return (set, unresolved);
    }

    /// <summary>The keys of each Secret the user creates, from its documented example (k8s/base/*.secret.example.env, whose header names the Secret).</summary>
    private static Dictionary<string, IReadOnlySet<string>> DocumentedSecretKeys() =>
        Directory.GetFiles(Repository.PathOf("k8s/base"), "*.secret.example.env")
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToDictionary(
                f => SecretTemplate().Match(Repository.Read(f)).Groups["name"].Value,
                f => (IReadOnlySet<string>)Repository.ReadEnvFile(f).Keys.ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);

    private static string SourceOf(DeployedService service) =>
        string.Join('\n', Directory.GetFiles(Repository.PathOf(service.ProjectDir), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText));

    private static List<(ManifestObject Owner, YamlNode Pod, YamlNode Container)> Containers(string overlay) =>
        Kustomize.Render(overlay)
            .Where(o => o.Node.At("spec", "template", "spec") is not null)
            .SelectMany(o => o.PodSpec.Items("containers").Concat(o.PodSpec.Items("initContainers")).Select(c => (o, o.PodSpec, c)))
            .ToList();

    /// <summary>The minimum replicas of a Deployment: its autoscaler's minReplicas, else spec.replicas (default 1).</summary>
    internal static int MinimumReplicas(ManifestObject deployment, IReadOnlyList<ManifestObject> objects)
    {
        var hpa = objects.FirstOrDefault(o => o.Kind == "HorizontalPodAutoscaler" && o.Node.Text("spec", "scaleTargetRef", "name") == deployment.Name);
        return int.Parse(hpa?.Node.Text("spec", "minReplicas") ?? deployment.Node.Text("spec", "replicas") ?? "1", CultureInfo.InvariantCulture);
    }

    /// <summary>A label selector (matchLabels and matchExpressions; an empty one selects everything) against pod labels.</summary>
    internal static bool Selects(YamlNode? selector, YamlNode? labels)
    {
        if (selector is not YamlMappingNode)
        {
            return false;
        }

        string? Label(string key) => labels?.Text(key);
        var matchLabels = selector.At("matchLabels") as YamlMappingNode ?? new YamlMappingNode();
        if (matchLabels.Children.Any(pair => Label(((YamlScalarNode)pair.Key).Value!) != ((YamlScalarNode)pair.Value).Value))
        {
            return false;
        }

        return selector.Items("matchExpressions").All(e =>
        {
            var value = Label(e.Text("key")!);
            var values = e.Items("values").OfType<YamlScalarNode>().Select(v => v.Value).ToList();
            return e.Text("operator") switch
            {
                "In" => value is not null && values.Contains(value),
                "NotIn" => value is null || !values.Contains(value),
                "Exists" => value is not null,
                "DoesNotExist" => value is null,
                _ => false,
            };
        });
    }

    private static string Describe(YamlNode? node) =>
        node is null ? "none" : string.Join(", ", node.Descendants().SelectMany(m => m.Children).Where(p => p.Value is YamlScalarNode).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The tag of an image reference (after the last '/'), or null when it has none; a digest counts as pinned.</summary>
    private static string? Tag(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "digest";
        }

        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon == name.Length - 1 ? null : name[(colon + 1)..];
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlMappingNode m => m.Children.SelectMany(p => Scalars(p.Key).Concat(Scalars(p.Value))),
        YamlSequenceNode q => q.Children.SelectMany(Scalars),
        _ => [],
    };

    [GeneratedRegex(@"Template for the Secret ""(?<name>[a-z0-9-]+)""")]
    private static partial Regex SecretTemplate();

    /// <summary>An options class: its SectionName and its body up to the next type.</summary>
    [GeneratedRegex(@"const string SectionName = ""(?<section>\w+)"";(?<body>(?:(?!\b(?:class|record)\s).)*)", RegexOptions.Singleline)]
    private static partial Regex OptionsClass();

    [GeneratedRegex(@"public \w+\?? (?<property>\w+) \{ get; set; \} = [^;]*(?:127\.0\.0\.1|localhost)")]
    private static partial Regex LocalDefault();

    /// <summary>Wiring that reads a variable when Section:Property is not set, e.g. the dashboard's STOCKMONITOR_PRICING_URL.</summary>
    [GeneratedRegex(@":(?<property>\w+)""\] is null && configuration\[""(?<variable>\w+)""\]")]
    private static partial Regex Fallback();
}
