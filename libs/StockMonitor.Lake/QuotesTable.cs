using System.Globalization;
using Parquet.Schema;
using Parquet.Serialization;

namespace StockMonitor.Lake;

/// <summary>
/// The lake's <c>quotes</c> table, the one definition the archive (which writes it), the AWS catalog (Glue and Athena,
/// in <c>infra/</c>) and local SQL (DuckDB) derive from: the columns are those of <see cref="QuoteRow"/>'s Parquet
/// schema, the Hive-style partition column <c>dt</c> (a <c>yyyy-MM-dd</c> day, UTC, of <c>observed_at</c>) is in the
/// object names, never in the files.
/// </summary>
public static class QuotesTable
{
    public const string Database = "stockmonitor";

    /// <summary>What readers query: one row per quote (on AWS the Glue view over <see cref="ObjectsName"/>; locally <c>LakeSql</c>'s view).</summary>
    public const string Name = "quotes";

    /// <summary>
    /// The external table over the Parquet objects themselves: one row per stored copy of a quote. Between a
    /// compaction's write of a merged object and the deletion of its members a listing holds both, so this table
    /// can count a quote twice for a moment; <see cref="Name"/> never does.
    /// </summary>
    public const string ObjectsName = "quotes_objects";

    /// <summary>What makes a row one quote: the Kinesis record it came from. Two rows with the same identity are copies.</summary>
    public static IReadOnlyList<string> IdentityColumns { get; } = ["stream_name", "shard_id", "sequence_number"];

    /// <summary>Of a quote's copies, the one readers keep: the first to arrive (copies are equal in every other column).</summary>
    public const string CopyOrder = "arrived_at";

    /// <summary>Where the table's objects are in the lake bucket.</summary>
    public const string Prefix = "quotes/";

    public const string PartitionColumn = "dt";

    /// <summary>The format of <see cref="PartitionColumn"/> values (and of the partition folders).</summary>
    public const string PartitionFormat = "yyyy-MM-dd";

    /// <summary>The first day partition projection offers (Athena does not list partitions, it computes them).</summary>
    public static readonly DateOnly FirstDay = new(2020, 1, 1);

    /// <summary>The columns of the Parquet files, in file order, with their catalog (Glue / Athena DDL) types.</summary>
    public static IReadOnlyList<Column> Columns { get; } = typeof(QuoteRow).GetParquetSchema(forWriting: true).DataFields.Select(ToColumn).ToList();

    /// <summary>The folder of one day's objects: <c>quotes/dt=2026-11-27/</c>.</summary>
    public static string PartitionPrefix(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{PartitionColumn}={day.ToString(PartitionFormat, CultureInfo.InvariantCulture)}/");

    /// <summary>The table's location in <paramref name="bucket"/>: <c>s3://bucket/quotes/</c>.</summary>
    public static string Location(string bucket) => $"s3://{bucket}/{Prefix}";

    /// <summary>Where partition projection finds a day: <c>s3://bucket/quotes/dt=${dt}/</c>.</summary>
    public static string LocationTemplate(string bucket) => $"s3://{bucket}/{Prefix}{PartitionColumn}=${{{PartitionColumn}}}/";

    /// <summary>
    /// The query of the <see cref="Name"/> view over <paramref name="objectsTable"/> (which has the columns and
    /// <c>dt</c>): each day keeps one row per <see cref="IdentityColumns"/>. Plain SQL that Athena (Trino) and DuckDB
    /// both run; <c>dt</c> is a partition key of the window, so a filter on <c>dt</c> still prunes days.
    /// </summary>
    public static string ViewQuery(string objectsTable)
    {
        var columns = string.Join(", ", Columns.Select(c => c.Name).Append(PartitionColumn));
        var window = string.Join(", ", IdentityColumns.Prepend(PartitionColumn));
        return $"SELECT {columns} FROM (SELECT *, row_number() OVER (PARTITION BY {window} ORDER BY {CopyOrder}) AS copy_number FROM {objectsTable}) WHERE copy_number = 1";
    }

    private static Column ToColumn(DataField field) => new(field.Name, CatalogType(field), field.IsNullable);

    private static string CatalogType(DataField field) => field switch
    {
        DecimalDataField d => string.Create(CultureInfo.InvariantCulture, $"decimal({d.Precision},{d.Scale})"),
        DateTimeDataField => "timestamp",
        // Parquet.Net 6 reads and writes UTF-8 string columns as ReadOnlyMemory<char>.
        _ when field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>) => "string",
        _ when field.ClrType == typeof(long) => "bigint",
        _ when field.ClrType == typeof(int) => "int",
        _ when field.ClrType == typeof(double) => "double",
        _ when field.ClrType == typeof(bool) => "boolean",
        _ => throw new NotSupportedException($"No catalog type for the Parquet column {field.Name} ({field.ClrType})"),
    };

    /// <summary>A column of the table: its name, its catalog type (Glue / Athena DDL, e.g. <c>decimal(18,6)</c>) and whether it may be null.</summary>
    public sealed record Column(string Name, string Type, bool Nullable);
}
