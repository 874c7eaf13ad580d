namespace StockMonitor.Lake;

/// <summary>The answer of a <see cref="LakeSql"/> query, and what was read from the lake to compute it.</summary>
/// <param name="ColumnNames">The result's column names, in order.</param>
/// <param name="ColumnTypes">DuckDB's type of each column (<c>VARCHAR</c>, <c>DECIMAL(18,6)</c>, <c>TIMESTAMP</c>, <c>BIGINT</c>…).</param>
/// <param name="Rows">The rows; a value is null for SQL NULL, otherwise the .NET value DuckDB gives (string, decimal, DateTime in UTC, long, double…).</param>
/// <param name="Partitions">The <c>dt</c> partitions the query read (all of the table's when its dt filter could not be used).</param>
/// <param name="ObjectsRead">How many lake objects the query read.</param>
/// <param name="ObjectsDownloaded">How many of them were downloaded (the others came from the local cache).</param>
public sealed record LakeQueryResult(
    IReadOnlyList<string> ColumnNames,
    IReadOnlyList<string> ColumnTypes,
    IReadOnlyList<object?[]> Rows,
    IReadOnlyList<string> Partitions,
    int ObjectsRead,
    int ObjectsDownloaded);
