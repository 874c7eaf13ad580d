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
    public const string Name = "quotes";

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
