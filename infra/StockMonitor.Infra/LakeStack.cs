using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.S3;
using Constructs;
using StockMonitor.Lake;

namespace StockMonitor.Infra;

/// <summary>
/// SQL over the lake: the Glue database and the external <c>quotes</c> table over the lake bucket's Parquet objects
/// (columns, partitions and locations all from <see cref="QuotesTable"/>), and the Athena workgroup that queries them
/// with its own results bucket. The lake bucket itself is not created here: its name comes from the
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

        Table = new CfnTable(this, "QuotesTable", new CfnTableProps
        {
            CatalogId = Account,
            DatabaseName = QuotesTable.Database,
            TableInput = QuotesTableInput(lakeBucket),
        });
        Table.AddDependency(Database);

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
        _ = new CfnOutput(this, "QuotesTableName", new CfnOutputProps { Value = QuotesTable.Name, Description = "Glue table of the lake's quotes" });
        _ = new CfnOutput(this, "WorkGroupName", new CfnOutputProps { Value = WorkGroupName, Description = "Athena workgroup for queries over the lake" });
        _ = new CfnOutput(this, "AthenaResultsBucketName", new CfnOutputProps { Value = ResultsBucket.BucketName, Description = "Bucket of the workgroup's query results" });
    }

    public CfnDatabase Database { get; }

    public CfnTable Table { get; }

    public Bucket ResultsBucket { get; }

    public CfnWorkGroup WorkGroup { get; }

    private static CfnTable.TableInputProperty QuotesTableInput(string lakeBucket) => new()
    {
        Name = QuotesTable.Name,
        Description = "Quotes as the archive writes them: Parquet, one object per UTC day and batch, under dt= partitions",
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
