using System.Text.RegularExpressions;

namespace StockMonitor.Grafana.Tests;

/// <summary>The Athena queries: on the lake's <c>quotes</c> table, filtered by the dashboard's time range in a way that prunes partitions.</summary>
public partial class AthenaTargetTests
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
