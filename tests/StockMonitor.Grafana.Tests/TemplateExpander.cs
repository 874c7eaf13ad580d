using System.Globalization;
using System.Text.RegularExpressions;

namespace StockMonitor.Grafana.Tests;

/// <summary>
/// Expands what Grafana expands before a query leaves it: dashboard variables (<c>$name</c>, <c>${name}</c>,
/// <c>${name:format}</c>), the time range (<c>${__from:date:iso}</c>, <c>${__to:date:iso}</c>) and the Athena
/// plugin's macros (<c>$__timeFilter(col)</c>, <c>$__dateFilter(col)</c>, <c>$__timeFrom()</c>, <c>$__timeTo()</c>),
/// exactly as the plugin writes them.
/// </summary>
public sealed partial class TemplateExpander(IReadOnlyDictionary<string, string> variables, DateTimeOffset from, DateTimeOffset to)
{
    private const string AthenaTimestamp = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Variables a query may use without a dashboard defining them (Grafana's own).</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal)
    {
        "__from", "__to", "__interval", "__interval_ms", "__rate_interval", "__range", "__range_s", "__dashboard", "__org", "__user",
        "__timeFilter", "__timeFrom", "__timeTo", "__dateFilter", "__timeGroup", "__unixEpochFilter", "__parseTime", "__table", "__column",
    };

    /// <summary>The names of the variables <paramref name="text"/> uses (<c>$name</c>, <c>${name}</c>, <c>${name:fmt}</c>, <c>[[name]]</c>).</summary>
    public static IEnumerable<string> VariablesIn(string text) =>
        VariablePattern().Matches(text).Select(m => m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value);

    public string Expand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expanded = TimeFilter().Replace(text, m => $"{m.Groups["col"].Value.Trim()} BETWEEN TIMESTAMP '{Athena(from)}' AND TIMESTAMP '{Athena(to)}'");
        expanded = DateFilter().Replace(expanded, m => $"{m.Groups["col"].Value.Trim()} BETWEEN date '{Day(from)}' AND date '{Day(to)}'");
        expanded = expanded.Replace("$__timeFrom()", $"TIMESTAMP '{Athena(from)}'", StringComparison.Ordinal)
            .Replace("$__timeTo()", $"TIMESTAMP '{Athena(to)}'", StringComparison.Ordinal);
        return VariablePattern().Replace(expanded, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            var format = m.Groups["format"].Value;
            return name switch
            {
                "__from" => Time(from, format),
                "__to" => Time(to, format),
                "__rate_interval" or "__interval" or "__range" => "5m",
                _ when variables.TryGetValue(name, out var value) => value,
                _ => throw new InvalidOperationException($"The variable ${name} is not defined (in: {text})"),
            };
        });
    }

    private static string Time(DateTimeOffset instant, string format) => format switch
    {
        "date:iso" or "date" => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        "date:seconds" => instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        "date:YYYY-MM-DD" => Day(instant),
        "" => instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Time format {format} is not expanded by the test"),
    };

    private static string Athena(DateTimeOffset instant) => instant.UtcDateTime.ToString(AthenaTimestamp, CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z0-9_]+)(?::(?<format>[^}]+))?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)|\[\[(?<braced>[A-Za-z0-9_]+)\]\]")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\$__timeFilter\((?<col>[^)]+)\)")]
    private static partial Regex TimeFilter();

    [GeneratedRegex(@"\$__dateFilter\((?<col>[^)]+)\)")]
    private static partial Regex DateFilter();
}
