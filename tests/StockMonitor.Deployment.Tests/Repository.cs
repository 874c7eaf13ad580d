using System.Text.RegularExpressions;
using StockMonitor.Testing;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>The deployment files of the repository, read fresh for each test.</summary>
public static partial class Repository
{
    public static string Root { get; } = ServiceProcess.RepositoryRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    public static YamlMappingNode BaseKustomization() => YamlNodes.LoadDocuments(PathOf("k8s/base/kustomization.yaml")).Single();

    /// <summary>Every object of the files the base kustomization lists as resources (not those of the kustomizations it lists).</summary>
    public static IReadOnlyList<ManifestObject> BaseObjects() =>
        BaseKustomization().Items("resources")
            .Select(r => "k8s/base/" + ((YamlScalarNode)r).Value)
            .Where(file => !Directory.Exists(PathOf(file)))
            .SelectMany(file => YamlNodes.LoadDocuments(PathOf(file)).Select(node => new ManifestObject(file, node)))
            .ToList();

    public static IReadOnlyList<ManifestObject> BaseObjects(string kind) => BaseObjects().Where(o => o.Kind == kind).ToList();

    /// <summary>The Deployments of our own services (images <c>stockmonitor/*</c>), not third-party ones such as Grafana.</summary>
    public static IReadOnlyList<ManifestObject> ServiceDeployments() =>
        BaseObjects("Deployment").Where(d => d.Containers.All(c => c.Text("image")?.StartsWith("stockmonitor/", StringComparison.Ordinal) == true)).ToList();

    /// <summary>The kustomizations (directories) the base lists as resources, as repository paths.</summary>
    public static IReadOnlyList<string> BaseKustomizationDirectories() =>
        BaseKustomization().Items("resources")
            .Select(r => Path.GetRelativePath(Root, Path.GetFullPath(PathOf("k8s/base/" + ((YamlScalarNode)r).Value))).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(dir => Directory.Exists(PathOf(dir)))
            .ToList();

    /// <summary>The names of the ConfigMaps the base kustomization and the kustomizations it lists generate.</summary>
    public static IReadOnlySet<string> GeneratedConfigMaps() =>
        BaseKustomizationDirectories().Select(dir => YamlNodes.LoadDocuments(PathOf(dir + "/kustomization.yaml")).Single())
            .Prepend(BaseKustomization())
            .SelectMany(k => k.Items("configMapGenerator").Select(g => g.Text("name")))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>KEY=VALUE lines of an env file (as kustomize and <c>kubectl --from-env-file</c> read it).</summary>
    public static IReadOnlyDictionary<string, string> ReadEnvFile(string relative) =>
        File.ReadAllLines(PathOf(relative))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.Ordinal);

    /// <summary>The Secrets k8s/README.md tells the user to create.</summary>
    public static IReadOnlySet<string> DocumentedSecrets() =>
        CreateSecret().Matches(Read("k8s/README.md")).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"create secret generic (?<name>[a-z0-9-]+)")]
    private static partial Regex CreateSecret();
}
