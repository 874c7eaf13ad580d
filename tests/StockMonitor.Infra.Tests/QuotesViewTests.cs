using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.CDK.Assertions;
using DuckDB.NET.Data;
using StockMonitor.Lake;

namespace StockMonitor.Infra.Tests;

/// <summary>
/// The Athena view <c>quotes</c> as synthesized: the Glue view's stored definition is decoded and its SQL run
/// (DuckDB, the same plain SQL) over a <c>quotes_objects</c> holding a compaction's copies.
/// </summary>
public class QuotesViewTests(DefaultLakeTemplate synthesized) : IClassFixture<DefaultLakeTemplate>
{
    private const string Prefix = "/* Presto View: ";
    private const string Suffix = " */";

    private readonly Template template = synthesized.Template;

    [Fact]
    public void The_view_is_a_presto_view_named_quotes_over_the_objects_table_with_the_table_columns_and_dt()
    {
        var (resource, input) = View();
        var expected = QuotesTable.Columns.Select(c => (c.Name, c.Type)).Append(("dt", "string")).ToList();

        Assert.Equal("quotes", input.GetProperty("Name").GetString());
        Assert.Equal("true", input.GetProperty("Parameters").GetProperty("presto_view").GetString());
        Assert.Equal("/* Presto View */", input.GetProperty("ViewExpandedText").GetString());
        Assert.Equal(expected, [.. input.GetProperty("StorageDescriptor").GetProperty("Columns").EnumerateArray().Select(c => (c.GetProperty("Name").GetString()!, c.GetProperty("Type").GetString()!))]);
        Assert.Contains(template.FindResources("AWS::Glue::Table").Single(t => t.Key != resource.Key).Key, resource.Value.GetProperty("DependsOn").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void The_stored_definition_holds_the_view_sql_and_the_columns_in_athena_types()
    {
        var definition = Definition();

        Assert.Equal(LakeStack.ViewSql(), definition.GetProperty("originalSql").GetString());
        Assert.Equal("awsdatacatalog", definition.GetProperty("catalog").GetString());
        Assert.Equal("stockmonitor", definition.GetProperty("schema").GetString());
        var columns = definition.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!)).ToList();
        Assert.Equal(QuotesTable.Columns.Count + 1, columns.Count);
        Assert.Contains(("symbol", "varchar"), columns);
        Assert.Contains(("price", "decimal(18,6)"), columns);
        Assert.Contains(("observed_at", "timestamp(3)"), columns);
        Assert.Equal(("dt", "varchar"), columns[^1]);
    }

    [Fact]
    public async Task The_view_sql_counts_each_quote_once_when_a_merged_object_and_its_members_are_both_listed()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE SCHEMA stockmonitor");
        var columns = QuotesTable.Columns.Select(c => $"{c.Name} {(c.Type == "string" ? "VARCHAR" : c.Type)}").Append("dt VARCHAR");
        await ExecuteAsync(connection, $"CREATE TABLE stockmonitor.quotes_objects ({string.Join(", ", columns)})");
        // Day 1: quotes 1..3 in a member object, and again in the merged object (arrived later: a copy); quote 4 once.
        // Day 2: the same sequence number on another day is another quote.
        await InsertAsync(connection, "2026-12-01", "1", price: 10m, arrived: "2026-12-01 10:00:00");
        await InsertAsync(connection, "2026-12-01", "1", price: 10m, arrived: "2026-12-01 10:05:00");
        await InsertAsync(connection, "2026-12-01", "2", price: 11m, arrived: "2026-12-01 10:00:01");
        await InsertAsync(connection, "2026-12-01", "2", price: 11m, arrived: "2026-12-01 10:05:00");
        await InsertAsync(connection, "2026-12-01", "3", price: 12m, arrived: "2026-12-01 10:00:02");
        await InsertAsync(connection, "2026-12-01", "3", price: 12m, arrived: "2026-12-01 10:05:00");
        await InsertAsync(connection, "2026-12-01", "4", price: 13m, arrived: "2026-12-01 10:00:03");
        await InsertAsync(connection, "2026-12-02", "1", price: 20m, arrived: "2026-12-02 10:00:00");

        var sql = Definition().GetProperty("originalSql").GetString();
        var rows = await QueryAsync(connection, $"SELECT dt, count(*), CAST(sum(price) AS VARCHAR), CAST(min(arrived_at) AS VARCHAR) FROM ({sql}) GROUP BY dt ORDER BY dt");

        Assert.Equal(
            [["2026-12-01", "4", "46.000000", "2026-12-01 10:00:00"], ["2026-12-02", "1", "20.000000", "2026-12-02 10:00:00"]],
            rows);
        var names = await QueryAsync(connection, $"SELECT column_name FROM (DESCRIBE SELECT * FROM ({sql}))");
        Assert.Equal([.. QuotesTable.Columns.Select(c => c.Name).Append("dt")], names.Select(r => r[0]));
    }

    private (KeyValuePair<string, JsonElement> Resource, JsonElement Input) View()
    {
        var resources = JsonSerializer.SerializeToElement(template.FindResources("AWS::Glue::Table")).EnumerateObject()
            .Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value))
            .Where(p => p.Value.GetProperty("Properties").GetProperty("TableInput").GetProperty("TableType").GetString() == "VIRTUAL_VIEW")
            .ToList();
        var view = Assert.Single(resources);
        return (view, view.Value.GetProperty("Properties").GetProperty("TableInput"));
    }

    private JsonElement Definition()
    {
        var text = View().Input.GetProperty("ViewOriginalText").GetString()!;
        Assert.StartsWith(Prefix, text, StringComparison.Ordinal);
        Assert.EndsWith(Suffix, text, StringComparison.Ordinal);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(text[Prefix.Length..^Suffix.Length]));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static Task InsertAsync(DuckDBConnection connection, string dt, string sequence, decimal price, string arrived) =>
        ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO stockmonitor.quotes_objects (symbol, price, observed_at, source, stream_name, shard_id, sequence_number, arrived_at, dt) VALUES ('AAPL', {price}, TIMESTAMP '{dt} 09:59:00', 'test', 'stockmonitor-quotes', 'shardId-000000000000', '{sequence}', TIMESTAMP '{arrived}', '{dt}')"));

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string[]>> QueryAsync(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)]);
        }

        return rows;
    }
}
