using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.S3;
using Constructs;
using StockMonitor.Lake;

namespace StockMonitor.Infra;

/// <summary>
/// SQL over the lake: the Glue database, the external <c>quotes_objects</c> table over the lake bucket's Parquet objects
/// (columns, partitions and locations all from <see cref="QuotesTable"/>), the Athena view <c>quotes</c> over it that
/// keeps one row per quote (a compaction's merged object and its not-yet-deleted members are both listed for a
/// moment), and the Athena workgroup that queries them with its own results bucket. The lake bucket itself is not created here: its name comes from the
/// <c>lakeBucket</c> context (see <see cref="InfraContext"/>).
/// </summary>
public sealed class LakeStack : Stack
{
    public const string DefaultId = "StockMonitorLake";

    public const string WorkGroupName = "stockmonitor";

    /// <summary>The Glue type of the <c>dt</c> partition column (a <c>yyyy-MM-dd</c> day).</summary>
    public const string PartitionColumnType = "string";

    public const string ParquetSerDe = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    public const string ParquetInputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    public const string ParquetOutputFormat = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    /// <summary>Where in the results bucket Athena writes query results.</summary>
    public const string ResultsPrefix = "results/";

    /// <summary>Query results are re-runnable and can hold copies of lake data: they are not kept.</summary>
    public static readonly Duration ResultsExpiration = Duration.Days(7);

    public LakeStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        var lakeBucket = InfraContext.LakeBucket(this);

        Database = new CfnDatabase(this, "Database", new CfnDatabaseProps
        {
            CatalogId = Account,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty
            {
                Name = QuotesTable.Database,
                Description = "StockMonitor's S3 lake",
            },
        });

        Table = new CfnTable(this, "QuotesObjectsTable", new CfnTableProps
        {
            CatalogId = Account,
            DatabaseName = QuotesTable.Database,
            TableInput = ObjectsTableInput(lakeBucket),
        });
        Table.AddDependency(Database);

        View = new CfnTable(this, "QuotesView", new CfnTableProps
        {
            CatalogId = Account,
            DatabaseName = QuotesTable.Database,
            TableInput = ViewInput(),
        });
        View.AddDependency(Table);

        ResultsBucket = new Bucket(this, "AthenaResults", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "expire-query-results",
                    Expiration = ResultsExpiration,
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
        });

        WorkGroup = new CfnWorkGroup(this, "WorkGroup", new CfnWorkGroupProps
        {
            Name = WorkGroupName,
            Description = "StockMonitor: SQL over the lake",
            State = "ENABLED",
            // Lets `cdk destroy` remove the workgroup even when it holds saved queries or history.
            RecursiveDeleteOption = true,
            WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
            {
                EnforceWorkGroupConfiguration = true,
                PublishCloudWatchMetricsEnabled = true,
                BytesScannedCutoffPerQuery = InfraContext.BytesScannedCutoffPerQuery(this),
                EngineVersion = new CfnWorkGroup.EngineVersionProperty { SelectedEngineVersion = "AUTO" },
                ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
                {
                    OutputLocation = ResultsBucket.S3UrlForObject(ResultsPrefix),
                    EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                },
            },
        });

        _ = new CfnOutput(this, "DatabaseName", new CfnOutputProps { Value = QuotesTable.Database, Description = "Glue database of the lake" });
        _ = new CfnOutput(this, "QuotesTableName", new CfnOutputProps { Value = QuotesTable.Name, Description = "Athena view of the lake's quotes, each once" });
        _ = new CfnOutput(this, "QuotesObjectsTableName", new CfnOutputProps { Value = QuotesTable.ObjectsName, Description = "Glue table of the lake's Parquet objects (a quote may be in two for a moment)" });
        _ = new CfnOutput(this, "WorkGroupName", new CfnOutputProps { Value = WorkGroupName, Description = "Athena workgroup for queries over the lake" });
        _ = new CfnOutput(this, "AthenaResultsBucketName", new CfnOutputProps { Value = ResultsBucket.BucketName, Description = "Bucket of the workgroup's query results" });
    }

    public CfnDatabase Database { get; }

    /// <summary>The external table over the Parquet objects (<see cref="QuotesTable.ObjectsName"/>).</summary>
    public CfnTable Table { get; }

    /// <summary>The Athena view queried by people and Grafana (<see cref="QuotesTable.Name"/>).</summary>
    public CfnTable View { get; }

    public Bucket ResultsBucket { get; }

    public CfnWorkGroup WorkGroup { get; }

    /// <summary>The Glue type of the view's columns in an Athena (Trino) view definition.</summary>
    public static string ViewColumnType(string catalogType) => catalogType switch
    {
        "string" => "varchar",
        "int" => "integer",
        "timestamp" => "timestamp(3)",
        _ => catalogType,
    };

    /// <summary>The SQL of the view: <see cref="QuotesTable.ViewQuery"/> over the objects table, every column cast to its declared type.</summary>
    public static string ViewSql()
    {
        var casts = ViewColumns().Select(c => $"CAST({c.Name} AS {ViewColumnType(c.Type)}) AS {c.Name}");
        return $"SELECT {string.Join(", ", casts)} FROM ({QuotesTable.ViewQuery($"\"{QuotesTable.Database}\".\"{QuotesTable.ObjectsName}\"")})";
    }

    private static IEnumerable<QuotesTable.Column> ViewColumns() =>
        QuotesTable.Columns.Append(new QuotesTable.Column(QuotesTable.PartitionColumn, PartitionColumnType, Nullable: false));

    /// <summary>
    /// An Athena view as Glue stores one (what Athena's CREATE VIEW writes): a VIRTUAL_VIEW whose original text is
    /// <c>/* Presto View: base64(JSON of the SQL and its columns) */</c>, with Hive types in the storage descriptor.
    /// </summary>
    private static CfnTable.TableInputProperty ViewInput()
    {
        var definition = JsonSerializer.Serialize(new
        {
            originalSql = ViewSql(),
            catalog = "awsdatacatalog",
            schema = QuotesTable.Database,
            columns = ViewColumns().Select(c => new { name = c.Name, type = ViewColumnType(c.Type) }),
            owner = "stockmonitor",
            runAsInvoker = false,
            properties = new { },
        });
        return new CfnTable.TableInputProperty
        {
            Name = QuotesTable.Name,
            Description = "Every quote of the lake once: quotes_objects less the copies a compaction leaves for a moment",
            TableType = "VIRTUAL_VIEW",
            Parameters = new Dictionary<string, object> { ["presto_view"] = "true", ["comment"] = "Presto View" },
            ViewOriginalText = $"/* Presto View: {Convert.ToBase64String(Encoding.UTF8.GetBytes(definition))} */",
            ViewExpandedText = "/* Presto View */",
            StorageDescriptor = new CfnTable.StorageDescriptorProperty
            {
                SerdeInfo = new CfnTable.SerdeInfoProperty(),
                Columns = ViewColumns().Select(c => (object)new CfnTable.ColumnProperty { Name = c.Name, Type = c.Type }).ToArray(),
            },
        };
    }

    private static CfnTable.TableInputProperty ObjectsTableInput(string lakeBucket) => new()
    {
        Name = QuotesTable.ObjectsName,
        Description = "The archive's Parquet objects, one per UTC day and batch (or compacted group), under dt= partitions; query the quotes view instead",
        TableType = "EXTERNAL_TABLE",
        Parameters = new Dictionary<string, object>
        {
            ["EXTERNAL"] = "TRUE",
            ["classification"] = "parquet",
            // Partition projection: Athena computes the dt partitions instead of reading them from the catalog,
            // so nothing has to add a partition when the archive starts a new day.
            ["projection.enabled"] = "true",
            [$"projection.{QuotesTable.PartitionColumn}.type"] = "date",
            [$"projection.{QuotesTable.PartitionColumn}.format"] = QuotesTable.PartitionFormat,
            [$"projection.{QuotesTable.PartitionColumn}.range"] = $"{QuotesTable.FirstDay.ToString(QuotesTable.PartitionFormat, CultureInfo.InvariantCulture)},NOW",
            [$"projection.{QuotesTable.PartitionColumn}.interval"] = "1",
            [$"projection.{QuotesTable.PartitionColumn}.interval.unit"] = "DAYS",
            ["storage.location.template"] = QuotesTable.LocationTemplate(lakeBucket),
        },
        PartitionKeys = new object[]
        {
            new CfnTable.ColumnProperty { Name = QuotesTable.PartitionColumn, Type = PartitionColumnType, Comment = "UTC day of observed_at, yyyy-MM-dd" },
        },
        StorageDescriptor = new CfnTable.StorageDescriptorProperty
        {
            Location = QuotesTable.Location(lakeBucket),
            InputFormat = ParquetInputFormat,
            OutputFormat = ParquetOutputFormat,
            SerdeInfo = new CfnTable.SerdeInfoProperty
            {
                SerializationLibrary = ParquetSerDe,
                Parameters = new Dictionary<string, object> { ["serialization.format"] = "1" },
            },
            Columns = QuotesTable.Columns.Select(c => (object)new CfnTable.ColumnProperty { Name = c.Name, Type = c.Type }).ToArray(),
        },
    };
}
