using System.Text.Json;
using StockMonitor.Sql;
using StockMonitor.Testing;

namespace StockMonitor.Lake.Tests;

public class SqlCliTests
{
    private const string Query = "SELECT symbol, count(*) AS quotes, max(price) AS high, min(observed_at) AS first FROM quotes GROUP BY symbol ORDER BY symbol";

    [Fact]
    public async Task The_default_output_is_an_aligned_table_with_numbers_to_the_right()
    {
        var lake = await LakeAsync();

        var (exit, stdout, stderr) = await RunAsync(lake, Query);

        Assert.Equal(0, exit);
        Assert.Equal(
            """
            symbol | quotes |       high | first
            -------+--------+------------+------------------------
            AAPL   |     12 | 100.110000 | 2026-11-27 14:00:00.000
            MSFT   |      3 | 400.020000 | 2026-11-27 14:00:00.000
            (2 rows)

            """.ReplaceLineEndings("\n"),
            stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Csv_output_has_a_header_and_one_line_per_row()
    {
        var lake = await LakeAsync();

        var (exit, stdout, _) = await RunAsync(lake, "--format", "csv", Query.Replace("symbol,", "symbol || ',x' AS symbol,", StringComparison.Ordinal));

        Assert.Equal(0, exit);
        Assert.Equal(
            "symbol,quotes,high,first\n\"AAPL,x\",12,100.110000,2026-11-27 14:00:00.000\n\"MSFT,x\",3,400.020000,2026-11-27 14:00:00.000\n",
            stdout);
    }

    [Fact]
    public async Task Json_output_is_an_array_of_objects_with_numbers_as_numbers()
    {
        var lake = await LakeAsync();

        var (exit, stdout, _) = await RunAsync(lake, "--format", "json", Query);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("AAPL", rows[0].GetProperty("symbol").GetString());
        Assert.Equal(12, rows[0].GetProperty("quotes").GetInt64());
        Assert.Equal(100.11m, rows[0].GetProperty("high").GetDecimal());
        Assert.Equal("2026-11-27T14:00:00.000Z", rows[0].GetProperty("first").GetString());
    }

    [Fact]
    public async Task A_bad_query_exits_1_with_only_DuckDBs_message()
    {
        var lake = await LakeAsync();

        var (exit, stdout, stderr) = await RunAsync(lake, "SELECT nope FROM quotes");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("Binder Error: Referenced column \"nope\" not found", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--format", "xml", "SELECT 1")]
    [InlineData("--frobnicate", "SELECT 1")]
    [InlineData("SELECT 1", "SELECT 2")]
    public async Task A_usage_error_exits_2(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(null, args);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var (exit, stdout, _) = await RunAsync(null, "--help");

        Assert.Equal(0, exit);
        Assert.StartsWith("Usage: ./stockmonitor sql", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_many_objects_shows_progress_on_stderr()
    {
        var lake = await TestLake.CreateAsync();
        for (var i = 0; i < 12; i++)
        {
            await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 2, $"S{i}"));
        }

        var (exit, stdout, stderr) = await RunAsync(lake, "SELECT count(*) AS n FROM quotes");

        Assert.Equal(0, exit);
        Assert.Contains("24", stdout, StringComparison.Ordinal);
        Assert.Contains("reading the lake: 12/12 objects (12 downloaded", stderr, StringComparison.Ordinal);
        Assert.Contains("read 12 objects of 1 partition (12 downloaded)", stderr, StringComparison.Ordinal);
    }

    private static async Task<TestLake> LakeAsync()
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 12));
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 3, "MSFT", 400m));
        return lake;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TestLake? lake, params string[] args)
    {
        await TestInfrastructure.GetAsync(); // its AWS_* variables point the tool at the test stack's S3
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] all = lake is null ? args : ["--bucket", lake.Bucket, "--cache", lake.CacheDirectory, .. args];
        var exit = await SqlCli.RunAsync(all, stdout, stderr, interactive: false, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
