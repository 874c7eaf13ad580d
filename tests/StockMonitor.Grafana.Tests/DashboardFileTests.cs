using System.Text.Json.Nodes;

namespace StockMonitor.Grafana.Tests;

/// <summary>What Grafana checks (or silently gets wrong) when it loads the files, checked without a Grafana server.</summary>
public class DashboardFileTests
{
    public static readonly string[] ExpectedDashboards = ["stockmonitor-market", "stockmonitor-symbol", "stockmonitor-history", "stockmonitor-portfolio", "stockmonitor-operations"];

    [Fact]
    public void Every_expected_dashboard_is_there_with_a_unique_uid()
    {
        var uids = GrafanaFiles.Dashboards.Select(d => d.Uid).ToList();

        Assert.All(uids, uid => Assert.False(string.IsNullOrEmpty(uid), "a dashboard without a uid gets a new one on every load"));
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ExpectedDashboards, uid => Assert.Contains(uid, uids));
    }

    [Fact]
    public void Panel_ids_are_unique_within_each_dashboard()
    {
        Assert.All(GrafanaFiles.Dashboards, d =>
        {
            var ids = d.Panels.Select(p => (int?)p["id"]).ToList();
            Assert.All(ids, id => Assert.NotNull(id));
            Assert.True(ids.Count == ids.Distinct().Count(), $"{d.File} repeats a panel id");
        });
    }

    [Fact]
    public void Every_datasource_a_dashboard_names_is_provisioned_with_that_type()
    {
        var provisioned = GrafanaFiles.Datasources;
        var named = GrafanaFiles.Dashboards.SelectMany(d =>
            d.Panels.Select(p => p["datasource"]).Concat(d.Panels.SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => t?["datasource"])))
                .Concat(d.Variables.Select(v => v["datasource"]))
                .OfType<JsonObject>()
                .Select(ds => (Dashboard: d.File, Type: (string?)ds["type"], Uid: (string?)ds["uid"])))
            .Where(ds => ds.Uid != "-- Dashboard --" && ds.Type != "datasource")
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, ds =>
        {
            Assert.True(ds.Uid is not null && provisioned.ContainsKey(ds.Uid), $"{ds.Dashboard} names datasource uid {ds.Uid}, which datasources.yaml does not provision");
            Assert.Equal(provisioned[ds.Uid!].Type, ds.Type);
        });
    }

    [Fact]
    public void Every_query_target_has_a_datasource()
    {
        Assert.All(GrafanaFiles.Targets, t => Assert.False(string.IsNullOrEmpty(t.Datasource.Uid), $"{t} has no datasource"));
    }

    [Fact]
    public void Every_variable_a_query_uses_is_defined_by_its_dashboard()
    {
        Assert.All(GrafanaFiles.Targets, t =>
        {
            var defined = t.Dashboard.Variables.Select(v => (string?)v["name"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var used in TemplateExpander.VariablesIn(t.Query.ToJsonString()))
            {
                Assert.True(defined.Contains(used) || TemplateExpander.BuiltIn.Contains(used), $"{t} uses ${used}, which {t.Dashboard.File} does not define");
            }
        });
    }

    [Fact]
    public void Datasources_are_provisioned_with_stable_uids_and_their_settings_from_the_environment()
    {
        var ds = GrafanaFiles.Datasources;

        Assert.Equal(GrafanaFiles.Infinity, ds["stockmonitor-pricing"].Type);
        Assert.Equal(GrafanaFiles.Infinity, ds["stockmonitor-portfolio"].Type);
        Assert.Equal(GrafanaFiles.Athena, ds["stockmonitor-athena"].Type);
        Assert.Equal(GrafanaFiles.Prometheus, ds["stockmonitor-prometheus"].Type);
        Assert.Contains("$STOCKMONITOR_PRICING_URL", GrafanaFiles.Scalar(ds["stockmonitor-pricing"].Node, "url"), StringComparison.Ordinal);
        Assert.Contains("$STOCKMONITOR_PORTFOLIO_URL", GrafanaFiles.Scalar(ds["stockmonitor-portfolio"].Node, "url"), StringComparison.Ordinal);
        var athena = (YamlDotNet.RepresentationModel.YamlMappingNode)ds["stockmonitor-athena"].Node["jsonData"];
        Assert.Equal("stockmonitor", GrafanaFiles.Scalar(athena, "workgroup"));
        Assert.Equal("stockmonitor", GrafanaFiles.Scalar(athena, "database"));
        Assert.Equal("AwsDataCatalog", GrafanaFiles.Scalar(athena, "catalog"));
        Assert.StartsWith("$", GrafanaFiles.Scalar(athena, "defaultRegion"), StringComparison.Ordinal);
    }
}
