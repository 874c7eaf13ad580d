using System.Collections.Concurrent;
using StockMonitor.Testing;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>The kustomizations as Kubernetes would receive them: rendered offline by <c>kubectl kustomize</c>.</summary>
public static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<ManifestObject>>> Rendered = new(StringComparer.Ordinal);

    /// <summary>Every overlay directory under k8s/overlays (each one a deployable variant), as repository paths.</summary>
    public static IReadOnlyList<string> Overlays() =>
        Directory.GetDirectories(Repository.PathOf("k8s/overlays"))
            .Where(d => File.Exists(Path.Combine(d, "kustomization.yaml")))
            .Select(d => Path.GetRelativePath(Repository.Root, d).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IEnumerable<object[]> OverlayNames => Overlays().Select(o => new object[] { o });

    /// <summary>The objects <c>kubectl kustomize</c> renders from <paramref name="directory"/> (once per test run).</summary>
    public static IReadOnlyList<ManifestObject> Render(string directory) =>
        Rendered.GetOrAdd(directory, d => new Lazy<IReadOnlyList<ManifestObject>>(() => RenderNow(d))).Value;

    public static IReadOnlyList<ManifestObject> Render(string directory, string kind) => Render(directory).Where(o => o.Kind == kind).ToList();

    private static List<ManifestObject> RenderNow(string directory)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(KubectlKustomize.Render(Repository.PathOf(directory))));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()
            .Select(node => new ManifestObject($"{directory} (rendered)", node))
            .ToList();
    }
}
