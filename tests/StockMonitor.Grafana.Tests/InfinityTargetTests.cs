using System.Net;
using System.Text.Json.Nodes;

namespace StockMonitor.Grafana.Tests;

/// <summary>
/// Every Infinity query (panels and variables) sent, as the plugin sends it, to the running pricing or portfolio API:
/// it must answer 200, and its root selector and every column must find data.
/// </summary>
[Collection(RunningSystemGroup.Name)]
public class InfinityTargetTests(RunningSystem stack)
{
    public static TheoryData<string> Targets => GrafanaFiles.TargetsOf(GrafanaFiles.Infinity);

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Panel_query_answers_rows_with_every_column(string id)
    {
        var target = GrafanaFiles.Target(id);
        var query = target.Query;
        Assert.Equal("json", (string?)query["type"]);
        Assert.Equal("url", (string?)query["source"]);
        var expander = Expander();
        var url = expander.Expand((string?)query["url"] ?? "");
        var parameters = (query["url_options"]?["params"]?.AsArray() ?? []).OfType<JsonObject>()
            .Select(p => $"{Uri.EscapeDataString((string)p["key"]!)}={Uri.EscapeDataString(expander.Expand((string)p["value"]!))}")
            .ToList();
        if (parameters.Count > 0)
        {
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', parameters);
        }

        using var http = target.Datasource.Uid switch
        {
            "stockmonitor-pricing" => stack.PricingClient(),
            "stockmonitor-portfolio" => stack.PortfolioClient(),
            var other => throw new InvalidOperationException($"{target} uses Infinity datasource {other}, which the test does not know"),
        };
        using var response = await http.GetAsync(new Uri(url.TrimStart('/'), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{target}: GET {url} answered {(int)response.StatusCode}: {body}");

        var rows = Select(JsonNode.Parse(body), (string?)query["root_selector"] ?? "");
        Assert.True(rows.Count > 0, $"{target}: GET {url} with root selector '{query["root_selector"]}' yields no rows: {Shorten(body)}");
        var columns = (query["columns"]?.AsArray() ?? []).OfType<JsonObject>().Select(c => (string)c["selector"]!).ToList();
        Assert.True(columns.Count > 0, $"{target} names no columns");
        foreach (var column in columns)
        {
            Assert.True(
                rows.Any(r => Select(r, column) is [not null, ..]),
                $"{target}: column '{column}' is empty in every row of GET {url}: {Shorten(body)}");
        }
    }

    private TemplateExpander Expander() => new(
        new Dictionary<string, string>
        {
            ["symbol"] = stack.Symbol,
            ["portfolio"] = stack.PortfolioId.ToString(),
        },
        DateTimeOffset.UtcNow - TimeSpan.FromHours(6),
        DateTimeOffset.UtcNow);

    /// <summary>The rows a selector (a dotted path, as the backend parser reads simple selectors) finds; an array's items are rows.</summary>
    private static List<JsonNode?> Select(JsonNode? node, string selector)
    {
        foreach (var part in selector.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node switch
        {
            null => [],
            JsonArray array => array.ToList(),
            _ => [node],
        };
    }

    private static string Shorten(string body) => body.Length > 400 ? body[..400] + "…" : body;
}
