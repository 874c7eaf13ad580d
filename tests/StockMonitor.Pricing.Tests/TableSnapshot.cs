using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Pricing.Tests;

/// <summary>A DynamoDB table read whole into comparable text: one line per item, attributes in name order.</summary>
internal static class TableSnapshot
{
    public static async Task<SortedDictionary<string, string>> ReadAsync(IAmazonDynamoDB dynamoDb, string table, string[] keys, params string[] ignore)
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true });
            foreach (var item in page.Items)
            {
                var key = string.Join('|', keys.Select(k => item[k].S));
                items[key] = string.Join(", ", item.Where(a => !ignore.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={Canonical(a.Value)}"));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return items;
    }

    /// <summary>The first differences between two snapshots, for a failure message.</summary>
    public static string Differences(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, int max = 5)
    {
        var text = new StringBuilder();
        var shown = 0;
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            expected.TryGetValue(key, out var e);
            actual.TryGetValue(key, out var a);
            if (e != a && shown++ < max)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{key}:\n  in order: {e ?? "(missing)"}\n  shuffled: {a ?? "(missing)"}");
            }
        }

        return text.ToString();
    }

    private static string Canonical(AttributeValue value) =>
        value.S is not null ? $"S:{value.S}"
        : value.N is not null ? $"N:{(decimal.Parse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture) / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)}"
        : value.BOOL is not null ? $"B:{value.BOOL}"
        : value.B is not null ? $"Bin:{Convert.ToBase64String(value.B.ToArray())}"
        : value.L is { Count: > 0 } list ? $"[{string.Join(";", list.Select(Canonical))}]"
        : value.M is { Count: > 0 } map ? $"{{{string.Join(";", map.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={Canonical(m.Value)}"))}}}"
        : value.NULL == true ? "null" : "[]";
}
