using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using DuckDB.NET.Data;
using StockMonitor.Lake.Sql;

namespace StockMonitor.Lake;

/// <summary>
/// SQL over the lake's <c>quotes</c> table as Athena sees it, run by DuckDB on this machine: the objects are read through
/// the S3 API (so the same code works against the local emulator and a real bucket), only those of the <c>dt</c>
/// partitions the query's dt filter needs, and kept in <paramref name="cacheDirectory"/> (by key and ETag) for the
/// next queries. The table has <see cref="QuotesTable.Columns"/> with their catalog types, then <c>dt</c> (VARCHAR).
/// </summary>
/// <param name="s3">The S3 client of the lake.</param>
/// <param name="bucket">The lake bucket (<c>Resources__LakeBucket</c>).</param>
/// <param name="cacheDirectory">Where downloaded objects are kept; created when missing.</param>
public sealed class LakeSql(IAmazonS3 s3, string bucket, string cacheDirectory)
{
    private const int ParallelDownloads = 8;

    /// <summary>Runs one SQL statement (DuckDB's dialect) over the table <c>quotes</c>.</summary>
    /// <exception cref="LakeQueryException">DuckDB refused or failed the query; the message is DuckDB's.</exception>
    public async Task<LakeQueryResult> QueryAsync(string sql, IProgress<LakeReadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // TIMESTAMPTZ → TIMESTAMP casts use the session time zone: UTC, as Athena's timestamps are.
        await ExecuteAsync(connection, "SET TimeZone = 'UTC'", cancellationToken).ConfigureAwait(false);

        var (needed, parsed) = await NeededPartitionsAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, IReadOnlyList<string>> files;
        int downloaded;
        if (parsed)
        {
            (files, downloaded) = await MaterializeAsync(needed, progress, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // DuckDB could not parse it: let it say so itself, without reading anything.
            (files, downloaded) = (new Dictionary<string, IReadOnlyList<string>>(), 0);
        }

        try
        {
            await ExecuteAsync(connection, ViewSql(files), cancellationToken).ConfigureAwait(false);
            // The query sees the lake and nothing else of this machine (as in Athena): no other file, no network, and
            // no setting it could change back. Grafana panels run their SQL through here.
            var lake = Path.GetFullPath(Path.Combine(cacheDirectory, bucket)) + Path.DirectorySeparatorChar;
            await ExecuteAsync(connection, $"SET allowed_directories = [{Quote(lake)}]", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "SET enable_external_access = false", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "SET lock_configuration = true", cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException e)
        {
            throw new LakeQueryException(e.Message, e);
        }

        var (names, types, rows) = await RunAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        return new LakeQueryResult(names, types, rows, [.. files.Keys.Order(StringComparer.Ordinal)], files.Values.Sum(f => f.Count), downloaded);
    }

    /// <summary>The SQL type of each column of <c>quotes</c> in DuckDB: the catalog's, then <c>dt VARCHAR</c>.</summary>
    public static IReadOnlyList<(string Name, string Type)> Columns { get; } =
        [.. QuotesTable.Columns.Select(c => (c.Name, DuckDbType(c.Type))), (QuotesTable.PartitionColumn, "VARCHAR")];

    private static string DuckDbType(string catalogType) => catalogType switch
    {
        "string" => "VARCHAR",
        "timestamp" => "TIMESTAMP",
        "bigint" => "BIGINT",
        "int" => "INTEGER",
        "double" => "DOUBLE",
        "boolean" => "BOOLEAN",
        _ when catalogType.StartsWith("decimal(", StringComparison.Ordinal) => catalogType.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal),
        _ => throw new NotSupportedException($"No DuckDB type for the catalog type {catalogType}"),
    };

    /// <summary>The dt test (null: all partitions), and whether DuckDB could parse the query at all.</summary>
    private static async Task<(Func<string, bool>? Needed, bool Parsed)> NeededPartitionsAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        // json_serialize_sql takes only a constant, not a parameter.
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT json_serialize_sql({Quote(sql)})";
        var json = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json ?? "{}");
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            // Not a SELECT (SHOW, PRAGMA, …): it may read anything. A parse error: nothing to read.
            var parseError = root.TryGetProperty("error_type", out var type) && type.GetString() == "parser";
            return (null, !parseError);
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() != 1)
        {
            throw new LakeQueryException($"One SQL statement per query, not {statements.GetArrayLength()}.");
        }

        return (DtPruning.NeededPartitions(statements[0]), true);
    }

    /// <summary>Lists the needed partitions' objects, downloads those not in the cache; the local files by dt.</summary>
    private async Task<(IReadOnlyDictionary<string, IReadOnlyList<string>> Files, int Downloaded)> MaterializeAsync(
        Func<string, bool>? needed, IProgress<LakeReadProgress>? progress, CancellationToken cancellationToken)
    {
        var partitions = (await ListPartitionsAsync(cancellationToken).ConfigureAwait(false))
            .Where(dt => needed is null || needed(dt)).ToList();
        var objects = new ConcurrentBag<(string Dt, S3Object Object)>();
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = cancellationToken }, async (dt, ct) =>
        {
            foreach (var o in await ListObjectsAsync(dt, ct).ConfigureAwait(false))
            {
                objects.Add((dt, o));
            }
        }).ConfigureAwait(false);

        var total = objects.Count;
        var done = 0;
        var downloadedCount = 0;
        long bytes = 0;
        var local = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var path = CachePath(item.Dt, item.Object);
            var fetched = !File.Exists(path);
            if (fetched)
            {
                await DownloadAsync(item.Object, path, ct).ConfigureAwait(false);
                Interlocked.Increment(ref downloadedCount);
                Interlocked.Add(ref bytes, item.Object.Size ?? 0);
            }

            local[item.Object.Key] = path;
            // Each object counts its download before it counts itself done, so the report that makes ObjectsDone = total sees every download.
            var objectsDone = Interlocked.Increment(ref done);
            progress?.Report(new LakeReadProgress(item.Object.Key, fetched, objectsDone, total, Interlocked.Read(ref bytes), Volatile.Read(ref downloadedCount)));
        }).ConfigureAwait(false);

        var byDt = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var group in objects.GroupBy(o => o.Dt, StringComparer.Ordinal))
        {
            var paths = group.Select(o => local[o.Object.Key]).Order(StringComparer.Ordinal).ToList();
            byDt[group.Key] = paths;
            ForgetOthers(group.Key, paths);
        }

        return (byDt, downloadedCount);
    }

    /// <summary>The table's dt values: the <c>quotes/dt=yyyy-MM-dd/</c> folders (others Athena's projection never sees).</summary>
    private async Task<List<string>> ListPartitionsAsync(CancellationToken cancellationToken)
    {
        var result = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = QuotesTable.Prefix, Delimiter = "/" };
        var marker = $"{QuotesTable.PartitionColumn}=";
        do
        {
            var response = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var prefix in response.CommonPrefixes ?? [])
            {
                var folder = prefix[QuotesTable.Prefix.Length..].TrimEnd('/');
                if (folder.StartsWith(marker, StringComparison.Ordinal)
                    && DateOnly.TryParseExact(folder[marker.Length..], QuotesTable.PartitionFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    && day >= QuotesTable.FirstDay)
                {
                    result.Add(folder[marker.Length..]);
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));

        return result;
    }

    /// <summary>The objects of one partition that are part of the table (not <c>_…</c> or <c>.…</c>, as Athena; not empty).</summary>
    private async Task<List<S3Object>> ListObjectsAsync(string dt, CancellationToken cancellationToken)
    {
        var result = new List<S3Object>();
        var prefix = QuotesTable.PartitionPrefix(DateOnly.ParseExact(dt, QuotesTable.PartitionFormat, CultureInfo.InvariantCulture));
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, Delimiter = "/" };
        do
        {
            var response = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in response.S3Objects ?? [])
            {
                var name = o.Key[prefix.Length..];
                // A zero-byte object holds no rows (and is no Parquet file): the archive quarantines such leftovers.
                if (name.Length > 0 && name[0] != '_' && name[0] != '.' && o.Size > 0)
                {
                    result.Add(o);
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));

        return result;
    }

    private string PartitionDirectory(string dt) => Path.Combine(cacheDirectory, bucket, "quotes", $"dt={dt}");

    /// <summary>The cache file of one version of an object: its name and its ETag, in its partition's folder.</summary>
    private string CachePath(string dt, S3Object o)
    {
        var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
        var etag = new string([.. (o.ETag ?? "").Where(char.IsAsciiLetterOrDigit)]);
        return Path.Combine(PartitionDirectory(dt), $"{Path.GetFileNameWithoutExtension(name)}.{etag}.parquet");
    }

    private async Task DownloadAsync(S3Object o, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = o.Key, EtagToMatch = o.ETag }, cancellationToken).ConfigureAwait(false))
            {
                var file = File.Create(temporary);
                await using (file.ConfigureAwait(false))
                {
                    await response.ResponseStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Removes the cached versions of a partition's objects that the bucket no longer has.</summary>
    private void ForgetOthers(string dt, IReadOnlyList<string> current)
    {
        var keep = current.ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(PartitionDirectory(dt), "*.parquet"))
        {
            if (!keep.Contains(file))
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Another query may be reading it; the next one removes it.
                }
            }
        }
    }

    /// <summary>
    /// The view <c>quotes</c>: the catalog's columns and types, then dt, over exactly the given files, each quote once
    /// by its identity (stream, shard, sequence number): for the moment between a compaction's write of a merged object
    /// and the deletion of its members, a listing holds both (docs/architecture.md, Compaction).
    /// </summary>
    private static string ViewSql(IReadOnlyDictionary<string, IReadOnlyList<string>> files)
    {
        var sql = new StringBuilder("CREATE VIEW quotes AS\n");
        var parts = files.Where(f => f.Value.Count > 0).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f =>
            $"SELECT {string.Join(", ", Columns.Select(c => c.Name == QuotesTable.PartitionColumn
                ? $"CAST({Quote(f.Key)} AS VARCHAR) AS {c.Name}"
                : $"CAST({c.Name} AS {c.Type}) AS {c.Name}"))} "
            + $"FROM read_parquet([{string.Join(", ", f.Value.Select(Quote))}], union_by_name = true) "
            + $"QUALIFY row_number() OVER (PARTITION BY {string.Join(", ", QuotesTable.IdentityColumns)} ORDER BY {QuotesTable.CopyOrder}) = 1").ToList();
        if (parts.Count == 0)
        {
            parts.Add($"SELECT {string.Join(", ", Columns.Select(c => $"CAST(NULL AS {c.Type}) AS {c.Name}"))} WHERE false");
        }

        return sql.AppendJoin("\nUNION ALL\n", parts).ToString();
    }

    private static async Task<(List<string> Names, List<string> Types, List<object?[]> Rows)> RunAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        var described = await TypesAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                var types = described is not null && described.Count == reader.FieldCount
                    ? described
                    : [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetDataTypeName(i).ToUpperInvariant())];
                var rows = new List<object?[]>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }

                    rows.Add(row);
                }

                return (names, types, rows);
            }
        }
        catch (DuckDBException e)
        {
            throw new LakeQueryException(e.Message, e);
        }
    }

    /// <summary>DuckDB's full type names (<c>DECIMAL(18,6)</c>, not just Decimal), from DESCRIBE of the query.</summary>
    private static async Task<List<string>?> TypesAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DESCRIBE {sql.TrimEnd().TrimEnd(';')}";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var types = new List<string>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    types.Add(reader.GetString(1));
                }

                return types;
            }
        }
        catch (DuckDBException)
        {
            return null; // not a query DESCRIBE takes (SHOW, PRAGMA…): the reader's names do.
        }
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
