using StockMonitor.Testing;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Infra.Tests;

/// <summary>What the Kubernetes manifests (k8s/, owned by the deployment) say about AWS: read, never written.</summary>
internal static class K8sManifests
{
    public const string RoleAnnotation = "eks.amazonaws.com/role-arn";

    public static string PathOf(string relative) => Path.Combine(ServiceProcess.RepositoryRoot(), relative);

    /// <summary>The ServiceAccounts the rendered eks overlay annotates with an IAM role, and the role name of each annotation.</summary>
    public static IReadOnlyDictionary<string, string> AnnotatedServiceAccounts() =>
        Rendered("k8s/overlays/eks")
            .Where(d => Scalar(d, "kind") == "ServiceAccount")
            .Where(d => Scalar(d, "metadata", "annotations", RoleAnnotation) is not null)
            .ToDictionary(d => Scalar(d, "metadata", "name")!, d => Scalar(d, "metadata", "annotations", RoleAnnotation)!.Split(":role/")[1], StringComparer.Ordinal);

    /// <summary>The names of the ServiceAccounts of k8s/base.</summary>
    public static IReadOnlySet<string> BaseServiceAccounts() =>
        Directory.GetFiles(PathOf("k8s/base"), "*.yaml")
            .SelectMany(Documents)
            .Where(d => Scalar(d, "kind") == "ServiceAccount")
            .Select(d => Scalar(d, "metadata", "name")!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The image names the eks overlay maps to ECR (<c>stockmonitor/pricing</c> ...).</summary>
    public static IReadOnlySet<string> OverlayImages() =>
        ((YamlSequenceNode)Documents("k8s/overlays/eks/kustomization.yaml").Single().Children[new YamlScalarNode("images")])
            .Cast<YamlMappingNode>()
            .Select(i => Scalar(i, "name")!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The namespace the base puts everything in.</summary>
    public static string? BaseNamespace() => Scalar(Documents("k8s/base/kustomization.yaml").Single(), "namespace");

    private static IEnumerable<YamlMappingNode> Rendered(string relative)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(KubectlKustomize.Render(PathOf(relative))));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    private static IEnumerable<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.IsPathRooted(relative) ? relative : PathOf(relative)))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }

    private static string? Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return (node as YamlScalarNode)?.Value;
    }
}
