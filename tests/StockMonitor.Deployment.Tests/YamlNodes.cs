using YamlDotNet.RepresentationModel;

namespace StockMonitor.Deployment.Tests;

/// <summary>Reading untyped YAML: multi-document files and paths through nested mappings.</summary>
public static class YamlNodes
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    /// <summary>The node at <paramref name="path"/> (mapping keys), or null where any step is missing.</summary>
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    /// <summary>Every mapping in the tree, depth first (to find references wherever they are nested).</summary>
    public static IEnumerable<YamlMappingNode> Descendants(this YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                yield return mapping;
                foreach (var child in mapping.Children.Values.SelectMany(Descendants))
                {
                    yield return child;
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children.SelectMany(Descendants))
                {
                    yield return child;
                }

                break;
        }
    }
}
