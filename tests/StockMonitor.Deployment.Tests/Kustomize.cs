using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
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
        var start = new ProcessStartInfo("kubectl", ["kustomize", Repository.PathOf(directory)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (Win32Exception e)
        {
            // Never a skip: without kubectl nothing here proves the manifests render.
            throw new InvalidOperationException(
                $"kubectl is not installed ({e.Message}); the deployment tests render the overlays with it: apt-get install -y kubectl " +
                "(1.27 or newer, from the Kubernetes or Google Cloud apt repository: Debian's kubernetes-client 1.20 bundles a kustomize without replacements)", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.Result}");
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(output));
            return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()
                .Select(node => new ManifestObject($"{directory} (rendered)", node))
                .ToList();
        }
    }
}
