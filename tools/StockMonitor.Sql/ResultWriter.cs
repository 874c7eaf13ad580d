using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StockMonitor.Lake;

namespace StockMonitor.Sql;

/// <summary>Prints a <see cref="LakeQueryResult"/>: an aligned table (numbers to the right), CSV (RFC 4180) or a JSON array of objects.</summary>
public static class ResultWriter
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff";

    public static async Task WriteAsync(LakeQueryResult result, ResultFormat format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var text = format switch
        {
            ResultFormat.Table => Table(result),
            ResultFormat.Csv => Csv(result),
            ResultFormat.Json => Json(result),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        await output.WriteAsync(text).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    public static string Table(LakeQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cells = result.Rows.Select(row => row.Select(v => v is null ? "NULL" : Text(v)).ToArray()).ToList();
        var widths = result.ColumnNames.Select((name, i) => cells.Select(r => r[i].Length).Append(name.Length).Max()).ToArray();
        var numeric = result.Rows.Count == 0
            ? new bool[widths.Length]
            : [.. Enumerable.Range(0, widths.Length).Select(i => result.Rows.Any(r => r[i] is not null) && result.Rows.All(r => r[i] is null || IsNumber(r[i]!)))];
        var text = new StringBuilder();
        AppendLine(text, result.ColumnNames, widths, numeric);
        text.AppendJoin("-+-", widths.Select(w => new string('-', w))).Append('\n');
        foreach (var row in cells)
        {
            AppendLine(text, row, widths, numeric);
        }

        text.Append(CultureInfo.InvariantCulture, $"({result.Rows.Count} {(result.Rows.Count == 1 ? "row" : "rows")})\n");
        return text.ToString();
    }

    public static string Csv(LakeQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendJoin(',', result.ColumnNames.Select(CsvField)).Append('\n');
        foreach (var row in result.Rows)
        {
            text.AppendJoin(',', row.Select(v => v is null ? "" : CsvField(Text(v)))).Append('\n');
        }

        return text.ToString();
    }

    public static string Json(LakeQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in result.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    json.WritePropertyName(result.ColumnNames[i]);
                    WriteJson(json, row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> cells, int[] widths, bool[] numeric)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(" | ");
            }

            var last = i == cells.Count - 1;
            text.Append(numeric[i] ? cells[i].PadLeft(widths[i]) : last ? cells[i] : cells[i].PadRight(widths[i]));
        }

        text.Append('\n');
    }

    private static bool IsNumber(object value) => value is decimal or double or float or long or int or short or sbyte or byte or ulong or uint or ushort or System.Numerics.BigInteger or Int128 or UInt128;

    /// <summary>A value as text: invariant numbers, UTC timestamps as <c>yyyy-MM-dd HH:mm:ss.fff</c> (Athena's way).</summary>
    private static string Text(object value) => value switch
    {
        string s => s,
        DateTime t => t.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(i => i is null ? "NULL" : Text(i)))}]",
        _ => value.ToString() ?? "",
    };

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case decimal d:
                json.WriteNumberValue(d);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case long or int or short or sbyte or byte or ulong or uint or ushort:
                json.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            case DateTime t:
                json.WriteStringValue(DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset t:
                json.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                break;
            case IEnumerable items when value is not string:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }
}
