using Amazon.CDK.Assertions;
using StockMonitor.Lake;

namespace StockMonitor.Infra.Tests;

public class LakeStackTests(DefaultLakeTemplate synthesized) : IClassFixture<DefaultLakeTemplate>
{
    private const string GlueTable = "AWS::Glue::Table";
    private const string WorkGroup = "AWS::Athena::WorkGroup";
    private const string Bucket = "AWS::S3::Bucket";

    private readonly Template template = synthesized.Template;

    [Fact]
    public void The_glue_table_columns_are_the_QuotesTable_columns_names_and_types_in_order()
    {
        Assert.NotEmpty(QuotesTable.Columns);
        var columns = QuotesTable.Columns.Select(c => (object)new Dictionary<string, object> { ["Name"] = c.Name, ["Type"] = c.Type }).ToArray();

        template.HasResourceProperties(GlueTable, Props(new()
        {
            ["TableInput"] = Props(new() { ["StorageDescriptor"] = Props(new() { ["Columns"] = Match.ArrayEquals(columns) }) }),
        }));
    }

    [Fact]
    public void The_glue_table_is_partitioned_by_dt_string_only()
    {
        template.HasResourceProperties(GlueTable, Props(new()
        {
            ["TableInput"] = Props(new()
            {
                ["PartitionKeys"] = Match.ArrayEquals([Props(new() { ["Name"] = "dt", ["Type"] = "string" })]),
            }),
        }));
    }

    [Fact]
    public void The_glue_table_is_an_external_parquet_table_at_the_lake_location_in_the_stockmonitor_database()
    {
        template.ResourceCountIs(GlueTable, 2);
        template.HasResourceProperties("AWS::Glue::Database", Props(new() { ["DatabaseInput"] = Props(new() { ["Name"] = "stockmonitor" }) }));
        template.HasResource(GlueTable, Props(new()
        {
            ["DependsOn"] = Match.ArrayWith([template.LogicalId("AWS::Glue::Database")]),
            ["Properties"] = Props(new()
            {
                ["DatabaseName"] = "stockmonitor",
                ["TableInput"] = Props(new()
                {
                    ["Name"] = "quotes_objects",
                    ["TableType"] = "EXTERNAL_TABLE",
                    ["Parameters"] = Props(new() { ["classification"] = "parquet" }),
                    ["StorageDescriptor"] = Props(new()
                    {
                        ["Location"] = "s3://stockmonitor-lake/quotes/",
                        ["InputFormat"] = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                        ["OutputFormat"] = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                        ["SerdeInfo"] = Props(new() { ["SerializationLibrary"] = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" }),
                    }),
                }),
            }),
        }));
    }

    [Fact]
    public void The_glue_table_projects_daily_dt_partitions_from_the_first_day_to_now_at_the_lake_template()
    {
        template.HasResourceProperties(GlueTable, Props(new()
        {
            ["TableInput"] = Props(new()
            {
                ["Parameters"] = Props(new()
                {
                    ["projection.enabled"] = "true",
                    ["projection.dt.type"] = "date",
                    ["projection.dt.format"] = "yyyy-MM-dd",
                    ["projection.dt.range"] = "2020-01-01,NOW",
                    ["projection.dt.interval"] = "1",
                    ["projection.dt.interval.unit"] = "DAYS",
                    ["storage.location.template"] = "s3://stockmonitor-lake/quotes/dt=${dt}/",
                }),
            }),
        }));
    }

    [Fact]
    public void The_workgroup_writes_results_to_the_results_bucket_and_enforces_its_configuration()
    {
        var resultsBucket = template.LogicalId(Bucket);

        template.HasResourceProperties(WorkGroup, Props(new()
        {
            ["Name"] = "stockmonitor",
            ["WorkGroupConfiguration"] = Props(new()
            {
                ["EnforceWorkGroupConfiguration"] = true,
                ["PublishCloudWatchMetricsEnabled"] = true,
                ["EngineVersion"] = Props(new() { ["SelectedEngineVersion"] = "AUTO" }),
                ["ResultConfiguration"] = Props(new()
                {
                    ["OutputLocation"] = Props(new() { ["Fn::Join"] = Match.ArrayEquals(["", Match.ArrayEquals(["s3://", Props(new() { ["Ref"] = resultsBucket }), "/results/"])]) }),
                }),
            }),
        }));
    }

    [Fact]
    public void The_workgroup_cancels_a_query_after_10_GiB_scanned_by_default()
    {
        template.HasResourceProperties(WorkGroup, Props(new()
        {
            ["WorkGroupConfiguration"] = Props(new() { ["BytesScannedCutoffPerQuery"] = 10737418240d }),
        }));
    }

    [Fact]
    public void The_results_bucket_is_encrypted_private_and_expires_results_after_7_days()
    {
        template.HasResourceProperties(Bucket, Props(new()
        {
            ["BucketEncryption"] = Props(new()
            {
                ["ServerSideEncryptionConfiguration"] = Match.ArrayWith([Props(new() { ["ServerSideEncryptionByDefault"] = Props(new() { ["SSEAlgorithm"] = "AES256" }) })]),
            }),
            ["PublicAccessBlockConfiguration"] = Props(new()
            {
                ["BlockPublicAcls"] = true,
                ["BlockPublicPolicy"] = true,
                ["IgnorePublicAcls"] = true,
                ["RestrictPublicBuckets"] = true,
            }),
            ["LifecycleConfiguration"] = Props(new()
            {
                ["Rules"] = Match.ArrayWith([Props(new() { ["ExpirationInDays"] = 7, ["Status"] = "Enabled" })]),
            }),
        }));
    }

    [Fact]
    public void The_stack_outputs_the_database_table_and_workgroup_names()
    {
        template.HasOutput("DatabaseName", Props(new() { ["Value"] = "stockmonitor" }));
        template.HasOutput("QuotesTableName", Props(new() { ["Value"] = "quotes" }));
        template.HasOutput("QuotesObjectsTableName", Props(new() { ["Value"] = "quotes_objects" }));
        template.HasOutput("WorkGroupName", Props(new() { ["Value"] = "stockmonitor" }));
    }

    private static Matcher Props(Dictionary<string, object> pattern) => Match.ObjectLike(pattern);
}
