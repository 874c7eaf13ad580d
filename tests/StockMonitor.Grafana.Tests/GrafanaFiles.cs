using System.Text.Json.Nodes;
using StockMonitor.Testing;
using YamlDotNet.RepresentationModel;

namespace StockMonitor.Grafana.Tests;

/// <summary>The provisioning files and dashboards under <c>grafana/</c>, read as Grafana reads them.</summary>
public static class GrafanaFiles
{
    public const string Infinity = "yesoreyeram-infinity-datasource";
    public const string Athena = "grafana-athena-datasource";
    public const string Prometheus = "prometheus";

    public static string Root => Path.Combine(ServiceProcess.RepositoryRoot(), "grafana");

    public static IReadOnlyList<Dashboard> Dashboards { get; } = Directory
        .GetFiles(Path.Combine(Root, "dashboards"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(f => new Dashboard(Path.GetFileName(f), JsonNode.Parse(File.ReadAllText(f))!.AsObject()))
        .ToList();

    /// <summary>The provisioned datasources: uid → (type, name, the YAML node).</summary>
    public static IReadOnlyDictionary<string, ProvisionedDatasource> Datasources { get; } = LoadDatasources();

    /// <summary>Every query target of every panel, variable queries included.</summary>
    public static IEnumerable<PanelTarget> Targets => Dashboards.SelectMany(d => d.Targets);

    /// <summary>Theory data: one row per target of <paramref name="type"/>, named by its dashboard, panel and refId.</summary>
    public static TheoryData<string> TargetsOf(string type)
    {
        var data = new TheoryData<string>();
        foreach (var target in Targets.Where(t => t.DatasourceType == type))
        {
            data.Add(target.Id);
        }

        return data;
    }

    public static PanelTarget Target(string id) => Targets.Single(t => t.Id == id);

    private static Dictionary<string, ProvisionedDatasource> LoadDatasources()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, "provisioning", "datasources", "datasources.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root["datasources"]).Children.Cast<YamlMappingNode>()
            .Select(n => new ProvisionedDatasource(Scalar(n, "uid"), Scalar(n, "type"), Scalar(n, "name"), n))
            .ToDictionary(d => d.Uid, StringComparer.Ordinal);
    }

    public static string Scalar(YamlMappingNode node, string key)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? "" : "";
    }
}

/// <summary>A datasource of <c>datasources.yaml</c>.</summary>
public sealed record ProvisionedDatasource(string Uid, string Type, string Name, YamlMappingNode Node);

/// <summary>A dashboard file.</summary>
public sealed class Dashboard(string file, JsonObject json)
{
    public string File { get; } = file;

    public JsonObject Json { get; } = json;

    public string Uid => (string?)Json["uid"] ?? "";

    /// <summary>Panels, those inside rows included.</summary>
    public IReadOnlyList<JsonObject> Panels =>
        (Json["panels"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(p => new[] { p }.Concat((p["panels"]?.AsArray() ?? []).OfType<JsonObject>()))
            .ToList();

    public IReadOnlyList<JsonObject> Variables => (Json["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>().ToList();

    public IEnumerable<PanelTarget> Targets =>
        Panels.Where(p => (string?)p["type"] != "row").SelectMany(p => (p["targets"]?.AsArray() ?? []).OfType<JsonObject>()
                .Select(t => new PanelTarget(this, $"{Uid}/panel-{p["id"]}/{t["refId"]}", (string?)p["title"] ?? "", Resolve(t["datasource"] ?? p["datasource"]), t)))
            .Concat(Variables.Where(v => (string?)v["type"] == "query").Select(v =>
                new PanelTarget(this, $"{Uid}/var-{v["name"]}", $"variable {v["name"]}", Resolve(v["datasource"]), VariableQuery(v))));

    private static JsonObject VariableQuery(JsonObject variable) =>
        variable["query"] switch
        {
            JsonObject { } q when q["infinityQuery"] is JsonObject infinity => infinity,
            JsonObject { } q => q,
            var q => new JsonObject { ["expr"] = (string?)q, ["rawSQL"] = (string?)q },
        };

    private static (string Type, string Uid) Resolve(JsonNode? datasource) =>
        datasource is JsonObject ds ? ((string?)ds["type"] ?? "", (string?)ds["uid"] ?? "") : ("", "");
}

/// <summary>One query of a panel (or of a query variable).</summary>
public sealed record PanelTarget(Dashboard Dashboard, string Id, string Title, (string Type, string Uid) Datasource, JsonObject Query)
{
    public string DatasourceType => Datasource.Type;

    public override string ToString() => $"{Id} ({Title})";
}
