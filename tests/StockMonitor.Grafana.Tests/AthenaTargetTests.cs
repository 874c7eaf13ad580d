using System.Text.RegularExpressions;
using StockMonitor.Lake;

namespace StockMonitor.Grafana.Tests;

/// <summary>
/// The Athena queries: on the lake's <c>quotes</c> table, filtered by the dashboard's time range in a way that prunes
/// partitions, and run — macros and variables expanded as Grafana and the plugin expand them — through the same DuckDB
/// path as <c>./stockmonitor sql</c> (<see cref="LakeSql"/>) over the running stack's lake.
/// </summary>
[Collection(RunningSystemGroup.Name)]
public partial class AthenaTargetTests(RunningSystem stack)
{
    public static TheoryData<string> Targets => GrafanaFiles.TargetsOf(GrafanaFiles.Athena);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Panel_query_reads_the_quotes_table_within_the_time_range_and_its_day_partitions(string id)
    {
        var target = GrafanaFiles.Target(id);
        var sql = (string?)target.Query["rawSQL"] ?? "";

        Assert.Matches(FromQuotes(), sql);
        Assert.Contains("$__timeFilter(observed_at)", sql, StringComparison.Ordinal);
        // Without a predicate on dt, Athena reads every day's objects whatever the time range.
        Assert.Matches(DayPartitions(), sql);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Panel_query_runs_on_the_lake_and_returns_rows(string id)
    {
        var target = GrafanaFiles.Target(id);
        var now = DateTimeOffset.UtcNow;
        // The dashboard's default range (the last 7 days) holds the stack's 90 minutes of quotes.
        var expander = new TemplateExpander(new Dictionary<string, string> { ["symbol"] = stack.Symbol }, now.AddDays(-7), now);
        var sql = expander.Expand((string?)target.Query["rawSQL"] ?? "");
        var cache = Path.Combine(Path.GetTempPath(), "stockmonitor-grafana-tests", stack.Resources.LakeBucket);
        var lake = new LakeSql(stack.Infra.S3, stack.Resources.LakeBucket, cache);

        LakeQueryResult result;
        try
        {
            result = await QueryAsync(lake, sql);
        }
        catch (LakeQueryException ex)
        {
            throw new Xunit.Sdk.XunitException($"{target}: the lake refused the query: {ex.Message}{Environment.NewLine}{sql}");
        }

        Assert.True(result.Rows.Count > 0, $"{target} returns no rows on the lake:{Environment.NewLine}{sql}");
        Assert.Contains("time", result.ColumnNames);
        var time = result.ColumnNames.ToList().IndexOf("time");
        Assert.True(result.Rows.All(r => r[time] is not null), $"{target}: a row without a time");
    }

    /// <summary>
    /// The archive keeps writing while the query runs (the simulator feeds it), and s3rver lists an object while its
    /// PUT is still streaming: a download can then fail its checksum. Real S3 never shows a partial object; here the
    /// query is simply run again (three tries), never passed without its rows.
    /// </summary>
    private static async Task<LakeQueryResult> QueryAsync(LakeSql lake, string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await lake.QueryAsync(sql);
            }
            catch (Amazon.Runtime.AmazonClientException ex) when (attempt < 3 && ex.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    [Fact]
    public void The_macros_expand_as_the_athena_plugin_expands_them()
    {
        var expander = new TemplateExpander(
            new Dictionary<string, string> { ["symbol"] = "AAPL" },
            new DateTimeOffset(2026, 12, 5, 23, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero));

        var sql = expander.Expand("WHERE symbol = '$symbol' AND $__timeFilter(observed_at) AND dt BETWEEN $__timeFrom() AND $__timeTo() AND $__dateFilter(d)");

        Assert.Equal(
            "WHERE symbol = 'AAPL' AND observed_at BETWEEN TIMESTAMP '2026-12-05 23:30:00' AND TIMESTAMP '2026-12-06 01:00:00' "
            + "AND dt BETWEEN TIMESTAMP '2026-12-05 23:30:00' AND TIMESTAMP '2026-12-06 01:00:00' AND d BETWEEN date '2026-12-05' AND date '2026-12-06'",
            sql);
    }

    [GeneratedRegex(@"\bFROM\s+(""?stockmonitor""?\.)?""?quotes""?\b", RegexOptions.IgnoreCase)]
    private static partial Regex FromQuotes();

    [GeneratedRegex(@"\bdt\s+BETWEEN\s+.*\$__timeFrom\(\).*\s+AND\s+.*\$__timeTo\(\)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DayPartitions();
}
