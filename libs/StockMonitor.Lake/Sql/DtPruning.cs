using System.Text.Json;

namespace StockMonitor.Lake.Sql;

/// <summary>
/// Which <c>dt</c> partitions a query needs, from DuckDB's own parse of it (<c>json_serialize_sql</c>). Sound by
/// construction: a reference to <c>quotes</c> is narrowed only by the AND-ed conditions of the WHERE clause of a SELECT
/// whose FROM is that table alone, and only by conditions that compare <c>dt</c> itself with string literals
/// (=, IN, BETWEEN, &lt;, &lt;=, &gt;, &gt;=). If any reference is not narrowed so, every partition is read; a query
/// that never names the table (nor reads it through query() / query_table()) reads none.
/// </summary>
internal static class DtPruning
{
    /// <summary>A test on dt values (null: the query may need every partition).</summary>
    public static Func<string, bool>? NeededPartitions(JsonElement statement)
    {
        var state = new State();
        Walk(statement, state);
        if (state.Opaque || state.Filters.Count != state.References)
        {
            return null;
        }

        if (state.References == 0)
        {
            return _ => false; // SELECT 1, or only the catalog: the (empty) view still has its columns
        }

        var filters = state.Filters;
        return dt => filters.Exists(filter => filter(dt));
    }

    private sealed class State
    {
        public int References { get; set; }

        public bool Opaque { get; set; }

        public List<Func<string, bool>> Filters { get; } = [];
    }

    private static void Walk(JsonElement element, State state)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, state);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // DESCRIBE only binds its query: no row is read (SUMMARIZE, the other SHOW_REF, reads them all).
        if (Text(element, "type") == "SHOW_REF" && Text(element, "show_type") == "DESCRIBE")
        {
            return;
        }

        if (IsQuotesReference(element))
        {
            state.References++;
        }

        // query('…') and query_table('quotes') read the table through a string the parse does not show.
        if (Text(element, "class") == "FUNCTION" && Text(element, "function_name") is { } function
            && (function.Equals("query", StringComparison.OrdinalIgnoreCase) || function.Equals("query_table", StringComparison.OrdinalIgnoreCase)))
        {
            state.Opaque = true;
        }

        if (Text(element, "type") == "SELECT_NODE"
            && element.TryGetProperty("from_table", out var from) && IsQuotesReference(from)
            && element.TryGetProperty("where_clause", out var where) && where.ValueKind == JsonValueKind.Object)
        {
            var alias = Text(from, "alias") is { Length: > 0 } a ? a : Text(from, "table_name")!;
            var conditions = Conjuncts(where).Select(c => Condition(c, alias)).OfType<Func<string, bool>>().ToList();
            if (conditions.Count > 0)
            {
                state.Filters.Add(dt => conditions.TrueForAll(condition => condition(dt)));
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            Walk(property.Value, state);
        }
    }

    private static bool IsQuotesReference(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && Text(element, "type") == "BASE_TABLE"
        && string.Equals(Text(element, "table_name"), QuotesTable.Name, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<JsonElement> Conjuncts(JsonElement expression)
    {
        if (Text(expression, "type") == "CONJUNCTION_AND" && expression.TryGetProperty("children", out var children))
        {
            return children.EnumerateArray().SelectMany(Conjuncts);
        }

        return [expression];
    }

    private static Func<string, bool>? Condition(JsonElement expression, string alias)
    {
        switch (Text(expression, "type"))
        {
            case "COMPARE_EQUAL" or "COMPARE_LESSTHAN" or "COMPARE_GREATERTHAN" or "COMPARE_LESSTHANOREQUALTO" or "COMPARE_GREATERTHANOREQUALTO":
                var left = expression.GetProperty("left");
                var right = expression.GetProperty("right");
                var op = Text(expression, "type")!;
                if (IsDt(left, alias) && Literal(right) is { } r)
                {
                    return Compare(op, r);
                }

                if (IsDt(right, alias) && Literal(left) is { } l)
                {
                    return Compare(Flip(op), l);
                }

                return null;

            case "COMPARE_IN":
                var items = expression.GetProperty("children").EnumerateArray().ToList();
                if (items.Count < 2 || !IsDt(items[0], alias))
                {
                    return null;
                }

                var values = items.Skip(1).Select(Literal).ToList();
                if (values.Exists(v => v is null))
                {
                    return null;
                }

                var set = values.ToHashSet(StringComparer.Ordinal)!;
                return set.Contains;

            case "COMPARE_BETWEEN":
                if (IsDt(expression.GetProperty("input"), alias)
                    && Literal(expression.GetProperty("lower")) is { } lower
                    && Literal(expression.GetProperty("upper")) is { } upper)
                {
                    return dt => string.CompareOrdinal(dt, lower) >= 0 && string.CompareOrdinal(dt, upper) <= 0;
                }

                return null;

            default:
                return null;
        }
    }

    // dt values are ASCII (yyyy-MM-dd), so ordinal UTF-16 order is DuckDB's byte order of VARCHAR.
    private static Func<string, bool> Compare(string op, string value) => op switch
    {
        "COMPARE_EQUAL" => dt => string.Equals(dt, value, StringComparison.Ordinal),
        "COMPARE_LESSTHAN" => dt => string.CompareOrdinal(dt, value) < 0,
        "COMPARE_GREATERTHAN" => dt => string.CompareOrdinal(dt, value) > 0,
        "COMPARE_LESSTHANOREQUALTO" => dt => string.CompareOrdinal(dt, value) <= 0,
        "COMPARE_GREATERTHANOREQUALTO" => dt => string.CompareOrdinal(dt, value) >= 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    private static string Flip(string op) => op switch
    {
        "COMPARE_LESSTHAN" => "COMPARE_GREATERTHAN",
        "COMPARE_GREATERTHAN" => "COMPARE_LESSTHAN",
        "COMPARE_LESSTHANOREQUALTO" => "COMPARE_GREATERTHANOREQUALTO",
        "COMPARE_GREATERTHANOREQUALTO" => "COMPARE_LESSTHANOREQUALTO",
        _ => op,
    };

    /// <summary>Is this the table's own dt column (<c>dt</c>, or qualified by the table's alias)?</summary>
    private static bool IsDt(JsonElement expression, string alias)
    {
        if (Text(expression, "class") != "COLUMN_REF" || !expression.TryGetProperty("column_names", out var names))
        {
            return false;
        }

        var parts = names.EnumerateArray().Select(n => n.GetString() ?? "").ToList();
        return parts switch
        {
            [var column] => column.Equals(QuotesTable.PartitionColumn, StringComparison.OrdinalIgnoreCase),
            [var table, var column] => table.Equals(alias, StringComparison.OrdinalIgnoreCase)
                && column.Equals(QuotesTable.PartitionColumn, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>The value of a non-null VARCHAR literal; null for anything else.</summary>
    private static string? Literal(JsonElement expression)
    {
        if (Text(expression, "class") != "CONSTANT" || !expression.TryGetProperty("value", out var value)
            || value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("type", out var type) || Text(type, "id") != "VARCHAR"
            || (value.TryGetProperty("is_null", out var isNull) && isNull.ValueKind == JsonValueKind.True)
            || !value.TryGetProperty("value", out var text) || text.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return text.GetString();
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
