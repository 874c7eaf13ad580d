using System.ComponentModel;
using System.Diagnostics;

namespace StockMonitor.Testing;

/// <summary>Renders a kustomization offline with <c>kubectl kustomize</c>, as Kubernetes would receive it.</summary>
public static class KubectlKustomize
{
    /// <summary>The multi-document YAML <c>kubectl kustomize</c> prints for <paramref name="directory"/> (absolute).</summary>
    public static string Render(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
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
            // Never a skip: without kubectl nothing proves the manifests render.
            throw new InvalidOperationException(
                $"kubectl is not installed ({e.Message}); the tests render the Kubernetes overlays with it: apt-get install -y kubectl " +
                "(1.27 or newer, from the Kubernetes or Google Cloud apt repository: Debian's kubernetes-client 1.20 bundles a kustomize without replacements)", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.Result}");
        }
    }
}
