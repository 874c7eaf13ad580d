using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;
using StockMonitor.Aws;
using StockMonitor.Lake;

namespace StockMonitor.Infra;

/// <summary>
/// One IAM role per Kubernetes service account that calls AWS (IRSA), each trusting only
/// <c>system:serviceaccount:&lt;namespace&gt;:&lt;account&gt;</c> through the cluster's OIDC provider (<c>eksOidcProviderArn</c>
/// context) and allowed exactly the calls its service makes, on exactly its resources. The calls are those in the code:
/// the stores and clients of each service and its readiness probes (<see cref="AwsProbes"/>).
/// </summary>
public sealed class ServiceRolesStack : Stack
{
    public const string DefaultId = "StockMonitorServiceRoles";

    public const string RoleNamePrefix = "stockmonitor-";

    /// <summary>The service accounts whose pods call AWS (portfolio and dashboard do not).</summary>
    public static IReadOnlyList<string> ServiceAccounts { get; } = ["ingestion", "bridge", "pricing", "archive", "grafana"];

    private readonly AwsResources names = new();
    private readonly string lakeBucket;

    public ServiceRolesStack(Construct scope, string id, LakeStack lake, IStackProps? props = null)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(lake);
        lakeBucket = InfraContext.LakeBucket(this);
        var (providerArn, issuer) = InfraContext.EksOidcProvider(this);
        var k8sNamespace = InfraContext.Namespace(this);

        var policies = new Dictionary<string, PolicyStatement[]>(StringComparer.Ordinal)
        {
            ["ingestion"] =
            [
                Allow("QuoteStreamWrite", ["kinesis:DescribeStreamSummary", "kinesis:PutRecords"], [StreamArn()]),
                Allow("SymbolUniverse", ["dynamodb:PutItem", "dynamodb:Scan"], [TableArn(names.SymbolUniverseTable)]),
            ],
            ["bridge"] =
            [
                Allow("QuoteStreamRead", ["kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], [StreamArn()]),
                Allow("Leases", ["dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem"], [TableArn(names.BridgeLeaseTable)]),
                Allow("DeadLettersWrite", ["s3:PutObject"], [ObjectsArn(LakePrefixes.DeadLetters)]),
                ListUnder("DeadLettersList", LakeBucketArn(), LakePrefixes.DeadLetters),
            ],
            ["pricing"] =
            [
                Allow("QuotesLatest", ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem"], [TableArn(names.QuotesLatestTable)]),
                Allow("QuoteBars", ["dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:Query"], [TableArn(names.QuoteBarsTable)]),
                Allow("AlertRules", ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem"], [TableArn(names.AlertRulesTable)]),
            ],
            ["archive"] =
            [
                Allow("QuotesObjects", ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], [ObjectsArn(QuotesTable.Prefix)]),
                ListUnder("QuotesList", LakeBucketArn(), QuotesTable.Prefix),
                Allow("QuarantineWrite", ["s3:PutObject"], [ObjectsArn(LakePrefixes.Quarantine + QuotesTable.Prefix)]),
            ],
            ["grafana"] =
            [
                Allow("AthenaQueries", ["athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetWorkGroup", "athena:StartQueryExecution", "athena:StopQueryExecution"], [Arn("athena", "workgroup", LakeStack.WorkGroupName)]),
                Allow("AthenaCatalog", ["athena:GetDatabase", "athena:GetDataCatalog", "athena:GetTableMetadata", "athena:ListDatabases", "athena:ListTableMetadata"], [Arn("athena", "datacatalog", "AwsDataCatalog")]),
                Allow(
                    "GlueCatalog",
                    ["glue:GetDatabase", "glue:GetDatabases", "glue:GetPartitions", "glue:GetTable", "glue:GetTables"],
                    [
                        FormatArn(new ArnComponents { Service = "glue", Resource = "catalog", ArnFormat = ArnFormat.NO_RESOURCE_NAME }),
                        Arn("glue", "database", QuotesTable.Database),
                        Arn("glue", "table", $"{QuotesTable.Database}/{QuotesTable.Name}"),
                        Arn("glue", "table", $"{QuotesTable.Database}/{QuotesTable.ObjectsName}"),
                    ]),
                Allow("LakeBucket", ["s3:GetBucketLocation"], [LakeBucketArn()]),
                ListUnder("LakeList", LakeBucketArn(), QuotesTable.Prefix),
                Allow("LakeRead", ["s3:GetObject"], [ObjectsArn(QuotesTable.Prefix)]),
                Allow("ResultsBucket", ["s3:GetBucketLocation"], [lake.ResultsBucket.BucketArn]),
                ListUnder("ResultsList", lake.ResultsBucket.BucketArn, LakeStack.ResultsPrefix),
                Allow("ResultsReadWrite", ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], [lake.ResultsBucket.ArnForObjects(LakeStack.ResultsPrefix + "*")]),
            ],
        };

        Roles = ServiceAccounts.ToDictionary(
            account => account,
            account =>
            {
                var role = new Role(this, InfraNames.Pascal(account) + "Role", new RoleProps
                {
                    RoleName = RoleNamePrefix + account,
                    Description = $"StockMonitor {account}: IRSA role of the service account {k8sNamespace}/{account}",
                    AssumedBy = new FederatedPrincipal(
                        providerArn,
                        new Dictionary<string, object>
                        {
                            ["StringEquals"] = new Dictionary<string, object>
                            {
                                [$"{issuer}:sub"] = $"system:serviceaccount:{k8sNamespace}:{account}",
                                [$"{issuer}:aud"] = "sts.amazonaws.com",
                            },
                        },
                        "sts:AssumeRoleWithWebIdentity"),
                    InlinePolicies = new Dictionary<string, PolicyDocument>
                    {
                        [account] = new PolicyDocument(new PolicyDocumentProps { Statements = policies[account] }),
                    },
                });
                _ = new CfnOutput(this, OutputKey(account), new CfnOutputProps { Value = role.RoleArn, Description = $"Role of the {account} service account (eks.amazonaws.com/role-arn)" });
                return role;
            },
            StringComparer.Ordinal);
    }

    /// <summary>The roles by service account.</summary>
    public IReadOnlyDictionary<string, Role> Roles { get; }

    /// <summary>The stack output carrying the role ARN of <paramref name="serviceAccount"/>: <c>IngestionRoleArn</c>.</summary>
    public static string OutputKey(string serviceAccount) => InfraNames.Pascal(serviceAccount) + "RoleArn";

    private static PolicyStatement Allow(string sid, string[] actions, string[] resources, IDictionary<string, object>? conditions = null) => new(new PolicyStatementProps
    {
        Sid = sid,
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = resources,
        Conditions = conditions,
    });

    /// <summary>s3:ListBucket limited to keys under <paramref name="prefix"/> (a listing without a prefix is refused).</summary>
    private static PolicyStatement ListUnder(string sid, string bucketArn, string prefix) =>
        Allow(sid, ["s3:ListBucket"], [bucketArn], new Dictionary<string, object>
        {
            ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = new[] { prefix + "*" } },
        });

    private string Arn(string service, string resource, string name) =>
        FormatArn(new ArnComponents { Service = service, Resource = resource, ResourceName = name, ArnFormat = ArnFormat.SLASH_RESOURCE_NAME });

    private string StreamArn() => Arn("kinesis", "stream", names.QuoteStream);

    /// <summary>The table only: no service queries an index.</summary>
    private string TableArn(string table) => Arn("dynamodb", "table", table);

    private string LakeBucketArn() => $"arn:{Amazon.CDK.Aws.PARTITION}:s3:::{lakeBucket}";

    private string ObjectsArn(string prefix) => $"{LakeBucketArn()}/{prefix}*";
}
