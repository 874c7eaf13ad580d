using System.Text.RegularExpressions;
using StockMonitor.Testing;

namespace StockMonitor.Grafana.Tests;

/// <summary>
/// Every Prometheus query names only metrics the running services export on <c>/metrics</c> (after the stack's
/// traffic). There is no Prometheus server here, so the PromQL itself is not evaluated: what would silently show
/// "No data" — a misspelt or never-exported metric name — is what this catches.
/// </summary>
[Collection(RunningSystemGroup.Name)]
public partial class PrometheusTargetTests(RunningSystem stack)
{
    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "sum", "avg", "min", "max", "count", "rate", "irate", "increase", "delta", "by", "without", "on", "ignoring", "group_left",
        "group_right", "and", "or", "unless", "histogram_quantile", "topk", "bottomk", "clamp_min", "clamp_max", "le", "offset", "bool",
        "max_over_time", "min_over_time", "avg_over_time", "sum_over_time", "label_replace", "vector", "scalar", "abs", "time", "timestamp",
    };

    public static TheoryData<string> Targets => GrafanaFiles.TargetsOf(GrafanaFiles.Prometheus);

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Panel_query_uses_only_metrics_a_service_exports(string id)
    {
        var target = GrafanaFiles.Target(id);
        var expr = (string?)target.Query["expr"] ?? "";
        var names = MetricNames(expr).ToList();
        Assert.True(names.Count > 0, $"{target}: no metric name found in '{expr}'");

        // Some series appear only after the traffic reaches them (a histogram after its first batch): wait a little.
        await Eventually.HoldsAsync(
            async () => await ExportedAsync() is var exported && names.All(exported.Contains),
            $"the services to export {string.Join(", ", names)} (used by {target}: {expr})",
            TimeSpan.FromSeconds(45));
    }

    /// <summary>The metric names in a PromQL expression: identifiers that are not functions, keywords or label names.</summary>
    public static IEnumerable<string> MetricNames(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var stripped = LabelMatchers().Replace(expr, " ");
        stripped = Groupings().Replace(stripped, " ");
        stripped = Ranges().Replace(stripped, " ");
        stripped = Strings().Replace(stripped, " ");
        return Identifiers().Matches(stripped).Select(m => m.Value)
            .Where(w => !PromQlWords.Contains(w) && !w.StartsWith('$'))
            .Distinct(StringComparer.Ordinal);
    }

    private async Task<HashSet<string>> ExportedAsync()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in stack.Services)
        {
            using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            foreach (var line in text.Split('\n'))
            {
                if (line.Length > 0 && line[0] != '#')
                {
                    names.Add(MetricName().Match(line).Value);
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\$?[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"^[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex MetricName();
}
