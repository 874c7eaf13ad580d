using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>One Kubernetes object from a manifest file.</summary>
public sealed record ManifestObject(string File, YamlMappingNode Node)
{
    public string Kind => Node.Text("kind") ?? "";

    public string Name => Node.Text("metadata", "name") ?? "";

    public YamlNode PodSpec => Node.At("spec", "template", "spec") ?? new YamlMappingNode();

    public IReadOnlyList<YamlNode> Containers => PodSpec.Items("containers");

    public override string ToString() => $"{File}: {Kind} {Name}";
}
