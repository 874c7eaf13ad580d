using Amazon.S3.Model;

namespace StockMonitor.Lake.Tests;

public class LakeSqlTests
{
    [Fact]
    public async Task QueryAsync_counts_every_row_of_every_object_once()
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-26", TestLake.Rows("2026-11-26", 10));
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 20));
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 5, "MSFT"));

        var result = await lake.QueryAsync("SELECT dt, symbol, count(*) AS n FROM quotes GROUP BY ALL ORDER BY ALL");

        Assert.Equal(["dt", "symbol", "n"], result.ColumnNames);
        Assert.Equal(
            [["2026-11-26", "AAPL", 10L], ["2026-11-27", "AAPL", 20L], ["2026-11-27", "MSFT", 5L]],
            result.Rows.Select(r => r.ToList()));
        Assert.Equal(3, result.ObjectsRead);
    }

    [Fact]
    public async Task A_quote_held_by_two_objects_as_while_a_compaction_deletes_merged_members_counts_once()
    {
        var lake = await TestLake.CreateAsync();
        var rows = TestLake.Rows("2026-11-27", 20);
        await lake.PutAsync("2026-11-27", rows[..12]);
        await lake.PutAsync("2026-11-27", rows[12..]);
        // The merged object is written before its members are deleted.
        await lake.PutAsync("2026-11-27", rows);

        var result = await lake.QueryAsync("SELECT count(*) AS n, count(DISTINCT sequence_number) AS ids, sum(price) AS total FROM quotes");

        var row = result.Rows.Single();
        Assert.Equal(20L, row[0]);
        Assert.Equal(20L, row[1]);
        Assert.Equal(rows.Sum(r => r.Price), Convert.ToDecimal(row[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, result.ObjectsRead);
    }

    [Fact]
    public async Task The_table_has_the_catalog_columns_and_types_then_dt_as_varchar()
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 3));

        var result = await lake.QueryAsync("SELECT * FROM quotes");

        Assert.Equal([.. QuotesTable.Columns.Select(c => c.Name), "dt"], result.ColumnNames);
        Assert.Equal(
            [
                "VARCHAR", "DECIMAL(18,6)", "VARCHAR", "DECIMAL(18,6)", "DECIMAL(18,6)", "DECIMAL(18,6)", "DECIMAL(18,6)",
                "DECIMAL(24,6)", "TIMESTAMP", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "TIMESTAMP", "VARCHAR",
            ],
            result.ColumnTypes);
        // The catalog's types, spelled as DuckDB spells them (string → VARCHAR, timestamp → TIMESTAMP).
        Assert.Equal(
            QuotesTable.Columns.Select(c => c.Type.Replace("string", "VARCHAR", StringComparison.Ordinal).Replace("timestamp", "TIMESTAMP", StringComparison.Ordinal).ToUpperInvariant()),
            result.ColumnTypes.Take(QuotesTable.Columns.Count));
    }

    [Fact]
    public async Task Values_read_back_as_written_decimals_as_decimals_and_timestamps_in_utc_with_dt_the_partition()
    {
        var lake = await TestLake.CreateAsync();
        var written = TestLake.Rows("2026-11-27", 1)[0];
        written.Price = 412.123456m;
        written.Volume = 123456789012345678.5m;
        written.ObservedAt = new DateTime(2026, 11, 27, 23, 59, 59, 500, DateTimeKind.Utc);
        await lake.PutAsync("2026-11-27", [written]);

        var result = await lake.QueryAsync("SELECT symbol, price, open, volume, observed_at, dt, typeof(dt) FROM quotes");

        var row = Assert.Single(result.Rows);
        Assert.Equal("AAPL", row[0]);
        Assert.Equal(412.123456m, Assert.IsType<decimal>(row[1]));
        Assert.Null(row[2]);
        Assert.Equal(123456789012345678.5m, Assert.IsType<decimal>(row[3]));
        Assert.Equal(written.ObservedAt, Assert.IsType<DateTime>(row[4]));
        Assert.Equal("2026-11-27", row[5]);
        Assert.Equal("VARCHAR", row[6]);
    }

    [Theory]
    [InlineData("dt = '2026-11-27'", new[] { "2026-11-27" })]
    [InlineData("'2026-11-27' = dt AND price > 0", new[] { "2026-11-27" })]
    [InlineData("q.dt IN ('2026-11-26', '2026-11-28')", new[] { "2026-11-26", "2026-11-28" })]
    [InlineData("dt BETWEEN '2026-11-26' AND '2026-11-27'", new[] { "2026-11-26", "2026-11-27" })]
    [InlineData("dt >= '2026-11-27' AND dt < '2026-11-28'", new[] { "2026-11-27" })]
    [InlineData("dt > '2026-11-27'", new[] { "2026-11-28" })]
    [InlineData("dt <= '2026-11-26'", new[] { "2026-11-25", "2026-11-26" })]
    [InlineData("dt = '2026-12-31'", new string[0])]
    public async Task A_dt_filter_reads_only_the_partitions_it_needs(string where, string[] expected)
    {
        var lake = await FourDaysAsync();
        var progress = new RecordingProgress();

        var result = await lake.QueryAsync($"SELECT dt, count(*) FROM quotes q WHERE {where} GROUP BY dt ORDER BY dt", progress);

        Assert.Equal(expected, result.Partitions);
        Assert.Equal(expected, result.Rows.Select(r => (string)r[0]!));
        Assert.All(result.Rows, r => Assert.Equal(10L, r[1]));
        Assert.Equal(expected.Length, result.ObjectsRead);
        Assert.Equal(expected.Length, progress.Reports.Count);
        Assert.All(progress.Reports, p => Assert.Contains(p.Key[..(QuotesTable.Prefix.Length + 14)], expected.Select(d => $"quotes/dt={d}/")));
    }

    [Theory]
    [InlineData("SELECT count(*) FROM quotes")]
    [InlineData("SELECT count(*) FROM quotes WHERE dt = '2026-11-27' OR price > 0")]
    [InlineData("SELECT count(*) FROM quotes WHERE dt = '2026-11-27' OR dt <> '2026-11-27'")]
    [InlineData("SELECT count(*) FROM quotes WHERE NOT dt = '2026-11-27' OR dt = '2026-11-27'")]
    [InlineData("SELECT count(*) FROM quotes WHERE CAST(dt AS DATE) >= DATE '2026-11-25'")]
    [InlineData("SELECT count(*) FROM quotes WHERE substr(dt, 1, 7) = '2026-11'")]
    [InlineData("SELECT count(*) FROM (SELECT * FROM quotes WHERE dt = '2026-11-25' UNION SELECT * FROM quotes) WHERE dt >= '2026-11-26' OR dt = '2026-11-25'")]
    [InlineData("SELECT count(*) FROM quotes a JOIN quotes b ON a.sequence_number = b.sequence_number WHERE a.dt = '2026-11-25' OR b.dt <> '2026-11-25'")]
    [InlineData("SELECT count(*) FROM query_table('quotes') WHERE dt IS NOT NULL")]
    [InlineData("SELECT count(*) FROM query_table('quotes') WHERE dt NOT IN (SELECT dt FROM quotes WHERE dt = '2026-12-31')")]
    [InlineData("SELECT count(*) FROM quotes WHERE dt > CAST(DATE '2026-11-3' AS VARCHAR)")]
    [InlineData("WITH q AS (SELECT * FROM quotes) SELECT count(*) FROM q WHERE dt IS NOT NULL")]
    [InlineData("SELECT count FROM (SUMMARIZE quotes) WHERE column_name = 'dt'")]
    public async Task A_query_whose_dt_filter_cannot_be_used_reads_every_partition_and_counts_all_rows(string sql)
    {
        var lake = await FourDaysAsync();

        var result = await lake.QueryAsync(sql);

        Assert.Equal(["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"], result.Partitions);
        Assert.Equal(40L, Assert.Single(result.Rows)[0]);
    }

    [Theory]
    [InlineData("SELECT 42")]
    [InlineData("DESCRIBE quotes")]
    [InlineData("DESCRIBE SELECT * FROM quotes")]
    [InlineData("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'quotes'")]
    public async Task A_query_that_does_not_read_the_table_reads_no_object(string sql)
    {
        var lake = await FourDaysAsync();

        var result = await lake.QueryAsync(sql);

        Assert.Equal((0, 0), (result.Partitions.Count, result.ObjectsRead));
        Assert.NotEmpty(result.Rows);
    }

    [Fact]
    public async Task Each_reference_to_the_table_reads_the_partitions_of_its_own_filter()
    {
        var lake = await FourDaysAsync();

        var result = await lake.QueryAsync("""
            SELECT (SELECT count(*) FROM quotes WHERE dt = '2026-11-25') AS a,
                   (SELECT count(*) FROM quotes WHERE dt IN ('2026-11-28')) AS b
            """);

        Assert.Equal(["2026-11-25", "2026-11-28"], result.Partitions);
        Assert.Equal([10L, 10L], Assert.Single(result.Rows));
    }

    [Theory]
    [InlineData("SELEC symbol FROM quotes", "Parser Error: syntax error at or near \"SELEC\"")]
    [InlineData("SELECT nope FROM quotes", "Binder Error: Referenced column \"nope\" not found in FROM clause!")]
    [InlineData("SELECT * FROM trades", "Catalog Error: Table with name trades does not exist!")]
    public async Task A_bad_query_throws_with_DuckDBs_message(string sql, string message)
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 3));

        var error = await Assert.ThrowsAsync<LakeQueryException>(() => lake.QueryAsync(sql));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "Permission Error")]
    [InlineData("COPY (SELECT 1) TO '/tmp/lake-sql-test.csv'", "Permission Error")]
    [InlineData("SET enable_external_access = true", "Invalid Input Error: Cannot change configuration option")]
    public async Task A_query_cannot_reach_files_outside_the_lake_or_unlock_that(string sql, string message)
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 3));

        var error = await Assert.ThrowsAsync<LakeQueryException>(() => lake.QueryAsync(sql));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parse_error_reads_nothing_from_the_lake()
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 3));
        var progress = new RecordingProgress();

        await Assert.ThrowsAsync<LakeQueryException>(() => lake.QueryAsync("SELECT FROM WHERE quotes", progress));

        Assert.Empty(progress.Reports);
    }

    [Fact]
    public async Task An_empty_lake_still_has_the_table_with_its_columns()
    {
        var lake = await TestLake.CreateAsync();

        var result = await lake.QueryAsync("SELECT * FROM quotes");

        Assert.Empty(result.Rows);
        Assert.Equal([.. QuotesTable.Columns.Select(c => c.Name), "dt"], result.ColumnNames);
        Assert.Equal("DECIMAL(18,6)", result.ColumnTypes[1]);
        Assert.Equal("VARCHAR", result.ColumnTypes[^1]);
    }

    [Fact]
    public async Task Objects_Athena_ignores_are_not_part_of_the_table()
    {
        var lake = await TestLake.CreateAsync();
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 3));
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 100), name: "_SUCCESS.parquet");
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 100), name: ".hidden.parquet");
        await lake.PutRawAsync("quarantine/quotes/dt=2026-11-27/part-broken.parquet", TestLake.Rows("2026-11-27", 100));
        await lake.PutRawAsync("quotes/dt=not-a-day/part-x.parquet", TestLake.Rows("2026-11-27", 100));
        await lake.S3.PutObjectAsync(new PutObjectRequest { BucketName = lake.Bucket, Key = "quotes/dt=2026-11-27/part-cut-off.parquet", ContentBody = "", UseChunkEncoding = false });

        var result = await lake.QueryAsync("SELECT count(*) FROM quotes");

        Assert.Equal(3L, Assert.Single(result.Rows)[0]);
        Assert.Equal(1, result.ObjectsRead);
    }

    [Fact]
    public async Task The_cache_is_reused_and_an_object_gone_from_the_bucket_is_no_longer_read()
    {
        var lake = await TestLake.CreateAsync();
        var first = await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 10));
        await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 5, "MSFT"));
        var cold = await lake.QueryAsync("SELECT count(*) FROM quotes");

        var warm = await lake.QueryAsync("SELECT count(*) FROM quotes");
        await lake.S3.DeleteObjectAsync(lake.Bucket, first);
        var afterDelete = await lake.QueryAsync("SELECT count(*) FROM quotes");

        Assert.Equal((2, 15L), (cold.ObjectsDownloaded, cold.Rows[0][0]));
        Assert.Equal((2, 0, 15L), (warm.ObjectsRead, warm.ObjectsDownloaded, warm.Rows[0][0]));
        Assert.Equal((1, 0, 5L), (afterDelete.ObjectsRead, afterDelete.ObjectsDownloaded, afterDelete.Rows[0][0]));
        Assert.Single(Directory.GetFiles(lake.CacheDirectory, "*.parquet", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_object_replaced_under_the_same_key_is_read_again()
    {
        var lake = await TestLake.CreateAsync();
        var key = await lake.PutAsync("2026-11-27", TestLake.Rows("2026-11-27", 10));
        await lake.QueryAsync("SELECT count(*) FROM quotes");

        await lake.PutRawAsync(key, TestLake.Rows("2026-11-27", 7));
        var result = await lake.QueryAsync("SELECT count(*) FROM quotes");

        Assert.Equal((1, 7L), (result.ObjectsDownloaded, result.Rows[0][0]));
    }

    private static async Task<TestLake> FourDaysAsync()
    {
        var lake = await TestLake.CreateAsync();
        foreach (var day in new[] { "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28" })
        {
            await lake.PutAsync(day, TestLake.Rows(day, 10));
        }

        return lake;
    }
}
