using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>Grafana in k8s/base: pinned, hardened, its credentials from a Secret, and exactly the files of grafana/ provisioned.</summary>
public sealed partial class GrafanaManifestTests
{
    public const string Name = "grafana";
    private const string Secret = "stockmonitor-grafana";
    private const string SecretExample = "k8s/base/grafana.secret.example.env";
    private static readonly string[] Resources = ["cpu", "memory"];
    private static readonly string[] Probes = ["startupProbe", "readinessProbe", "livenessProbe"];

    private static ManifestObject Deployment => Repository.BaseObjects("Deployment").Single(d => d.Name == Name);

    private static YamlNode Container => Assert.Single(Deployment.Containers);

    [Fact]
    public void Grafana_is_a_pinned_oss_image_with_both_datasource_plugins_pinned()
    {
        var image = Container.Text("image") ?? "";
        var plugins = Env(Container).GetValueOrDefault("GF_INSTALL_PLUGINS") ?? "";

        Assert.Matches(@"^grafana/grafana-oss:\d+\.\d+\.\d+$", image);
        var pinned = plugins.Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split(' ')).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        Assert.Equal(["grafana-athena-datasource", "yesoreyeram-infinity-datasource"], pinned.Keys.Order(StringComparer.Ordinal));
        Assert.All(pinned.Values, v => Assert.Matches(@"^\d+\.\d+\.\d+$", v));
    }

    [Fact]
    public void Grafana_runs_as_non_root_without_privileges_on_a_read_only_filesystem_within_its_limits()
    {
        var context = Container.At("securityContext") ?? new YamlMappingNode();

        Assert.Equal("true", context.Text("runAsNonRoot"));
        Assert.Equal("false", context.Text("allowPrivilegeEscalation"));
        Assert.Equal("true", context.Text("readOnlyRootFilesystem"));
        Assert.Equal("RuntimeDefault", context.Text("seccompProfile", "type"));
        Assert.Contains(context.Items("capabilities", "drop").OfType<YamlScalarNode>(), c => c.Value == "ALL");
        Assert.All(Resources, r =>
        {
            Assert.NotNull(Container.Text("resources", "requests", r));
            Assert.NotNull(Container.Text("resources", "limits", r));
        });
        // Writable only where Grafana writes: its data (database, plugins) and /tmp, both emptyDir.
        foreach (var path in new[] { "/var/lib/grafana", "/tmp" })
        {
            var volume = Container.Items("volumeMounts").Single(m => m.Text("mountPath") == path).Text("name");
            Assert.NotNull(Deployment.PodSpec.Items("volumes").Single(v => v.Text("name") == volume).At("emptyDir"));
        }

        Assert.All(Probes, p => Assert.Equal("/api/health", Container.Text(p, "httpGet", "path")));
    }

    [Fact]
    public void Admin_credentials_and_the_portfolio_token_come_from_a_documented_secret_whose_example_holds_exactly_those_keys()
    {
        var fromSecret = Container.Items("env")
            .Where(e => e.Text("valueFrom", "secretKeyRef", "name") == Secret)
            .Select(e => (Name: e.Text("name"), Key: e.Text("valueFrom", "secretKeyRef", "key")))
            .ToList();

        Assert.Contains(fromSecret, e => e.Name == "GF_SECURITY_ADMIN_USER");
        Assert.Contains(fromSecret, e => e.Name == "GF_SECURITY_ADMIN_PASSWORD");
        Assert.Contains(fromSecret, e => e.Name == "STOCKMONITOR_PORTFOLIO_TOKEN");
        Assert.DoesNotContain(Container.Items("env"), e => e.Text("name")!.StartsWith("GF_SECURITY_ADMIN", StringComparison.Ordinal) && e.Text("value") is not null);
        Assert.Equal(fromSecret.Select(e => e.Key).Order(StringComparer.Ordinal), Repository.ReadEnvFile(SecretExample).Keys.Order(StringComparer.Ordinal));
        Assert.Contains(Secret, Repository.DocumentedSecrets());
    }

    [Fact]
    public void Every_variable_the_datasources_expand_is_set_in_the_grafana_container()
    {
        var provisioning = string.Join('\n', File.ReadAllLines(Repository.PathOf("grafana/provisioning/datasources/datasources.yaml")).Where(l => !l.TrimStart().StartsWith('#')));
        var set = Env(Container).Keys
            .Concat(Repository.ReadEnvFile("k8s/base/config.env").Keys)
            .Concat(GeneratedLiterals("grafana-settings").Keys)
            .ToHashSet(StringComparer.Ordinal);
        var envFrom = Container.Items("envFrom").Select(e => e.Text("configMapRef", "name")).ToList();

        Assert.Contains("stockmonitor-config", envFrom);
        Assert.Contains("grafana-settings", envFrom);
        Assert.All(ExpandedVariable().Matches(provisioning).Select(m => m.Groups["name"].Value).Distinct(), v => Assert.Contains(v, set));
    }

    [Fact]
    public void The_config_maps_hold_exactly_the_files_of_grafana_and_are_mounted_where_the_provisioning_looks()
    {
        var kustomization = YamlNodes.LoadDocuments(Repository.PathOf("grafana/kustomization.yaml")).Single();
        var generated = kustomization.Items("configMapGenerator").ToDictionary(g => g.Text("name")!, g => g.Items("files").Select(f => ((YamlScalarNode)f).Value!).ToList());
        var dashboards = Directory.GetFiles(Repository.PathOf("grafana/dashboards"), "*.json").Select(f => "dashboards/" + Path.GetFileName(f)).Order(StringComparer.Ordinal);
        var provider = YamlNodes.LoadDocuments(Repository.PathOf("grafana/provisioning/dashboards/dashboards.yaml")).Single();

        Assert.Contains("../../grafana", Repository.BaseKustomization().Items("resources").Select(r => ((YamlScalarNode)r).Value));
        Assert.Equal(dashboards, generated["grafana-dashboards"].Order(StringComparer.Ordinal));
        Assert.Equal(["provisioning/datasources/datasources.yaml"], generated["grafana-datasources"]);
        Assert.Equal(["provisioning/dashboards/dashboards.yaml"], generated["grafana-dashboard-provider"]);
        Assert.Equal("/etc/grafana/provisioning/datasources", MountOf("grafana-datasources"));
        Assert.Equal("/etc/grafana/provisioning/dashboards", MountOf("grafana-dashboard-provider"));
        Assert.Equal(provider.Items("providers").Single().Text("options", "path"), MountOf("grafana-dashboards"));
    }

    [Fact]
    public void The_athena_datasource_queries_the_workgroup_every_overlay_names_in_aws_env()
    {
        // Arrange: the datasource names the workgroup literally; aws.env carries the name the CDK created (ATHENA_WORKGROUP).
        var datasources = YamlNodes.LoadDocuments(Repository.PathOf("grafana/provisioning/datasources/datasources.yaml")).Single();
        var workgroup = datasources.Items("datasources").Single(d => d.Text("uid") == "stockmonitor-athena").Text("jsonData", "workgroup");

        // Act
        var named = Kustomize.Overlays().Select(o => $"{o}/aws.env").Where(f => File.Exists(Repository.PathOf(f)))
            .Select(f => (File: f, Workgroup: Repository.ReadEnvFile(f).GetValueOrDefault("ATHENA_WORKGROUP")))
            .ToList();

        // Assert
        Assert.NotEmpty(named);
        Assert.All(named, n => Assert.Equal((n.File, workgroup), (n.File, n.Workgroup)));
    }

    private static string? MountOf(string configMap)
    {
        var volume = Deployment.PodSpec.Items("volumes").Single(v => v.Text("configMap", "name") == configMap).Text("name");
        return Container.Items("volumeMounts").Single(m => m.Text("name") == volume).Text("mountPath");
    }

    private static Dictionary<string, string?> Env(YamlNode container) =>
        container.Items("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"), StringComparer.Ordinal);

    private static Dictionary<string, string> GeneratedLiterals(string name) =>
        YamlNodes.LoadDocuments(Repository.PathOf("grafana/kustomization.yaml")).Single()
            .Items("configMapGenerator").Single(g => g.Text("name") == name)
            .Items("literals").Select(l => ((YamlScalarNode)l).Value!.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    [GeneratedRegex(@"\$(?<name>[A-Z][A-Z0-9_]*)")]
    private static partial Regex ExpandedVariable();
}
