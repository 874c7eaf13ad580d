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

    public static YamlMappingNode EksKustomization() => YamlNodes.LoadDocuments(PathOf("k8s/overlays/eks/kustomization.yaml")).Single();

    /// <summary>Every object of the files the base kustomization lists as resources.</summary>
    public static IReadOnlyList<ManifestObject> BaseObjects() =>
        BaseKustomization().Items("resources")
            .Select(r => "k8s/base/" + ((YamlScalarNode)r).Value)
            .SelectMany(file => YamlNodes.LoadDocuments(PathOf(file)).Select(node => new ManifestObject(file, node)))
            .ToList();

    public static IReadOnlyList<ManifestObject> BaseObjects(string kind) => BaseObjects().Where(o => o.Kind == kind).ToList();

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
