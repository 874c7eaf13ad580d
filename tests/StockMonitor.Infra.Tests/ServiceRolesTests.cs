using System.Text.Json;
using StockMonitor.Aws;
using StockMonitor.Lake;
using static StockMonitor.Infra.Tests.Policies;

namespace StockMonitor.Infra.Tests;

public class ServiceRolesTests(AppTemplates app) : IClassFixture<AppTemplates>
{
    private const string Lake = InfraContext.DefaultLakeBucket;
    private static readonly AwsResources Names = new();
    private static readonly string Stream = ArnHere("kinesis", "stream/" + Names.QuoteStream);
    private static readonly string Results = "${Import:" + LakeStack.DefaultId + ":ExportsOutputFnGetAttAthenaResults";

    [Fact]
    public void Every_annotated_service_account_has_exactly_one_role_trusting_only_it()
    {
        // Arrange
        var annotated = K8sManifests.AnnotatedServiceAccounts();
        var issuer = InfraContext.ExampleEksOidcProviderArn.Split("oidc-provider/")[1];

        // Act
        var roles = RolesBySubject();

        // Assert
        Assert.Equal(annotated.Keys.Order(StringComparer.Ordinal), roles.Keys.Select(s => s.Replace("system:serviceaccount:stockmonitor:", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Subset(K8sManifests.BaseServiceAccounts().ToHashSet(StringComparer.Ordinal), annotated.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(InfraContext.DefaultNamespace, K8sManifests.BaseNamespace());
        foreach (var (account, roleName) in annotated)
        {
            var role = roles[$"system:serviceaccount:stockmonitor:{account}"].GetProperty("Properties");
            Assert.Equal(roleName, role.GetProperty("RoleName").GetString());
            var trust = Assert.Single(Statements(role.GetProperty("AssumeRolePolicyDocument")));
            Assert.Equal("Allow", trust.Effect);
            Assert.Equal(["sts:AssumeRoleWithWebIdentity"], trust.Actions);
            var condition = trust.Condition!.Value;
            Assert.Equal("StringEquals", Assert.Single(condition.EnumerateObject()).Name);
            var equals = condition.GetProperty("StringEquals").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal);
            Assert.Equal(
                new Dictionary<string, string?> { [$"{issuer}:sub"] = $"system:serviceaccount:stockmonitor:{account}", [$"{issuer}:aud"] = "sts.amazonaws.com" },
                equals);
        }
    }

    [Fact]
    public void Every_role_is_federated_by_the_context_s_OIDC_provider_only()
    {
        // Act
        var principals = Roles().Select(r => r.GetProperty("Properties").GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Principal")).Select(p => JsonSerializer.Serialize(p));

        // Assert
        Assert.All(principals, p => Assert.Equal(JsonSerializer.Serialize(new { Federated = InfraContext.ExampleEksOidcProviderArn }), p));
    }

    [Fact]
    public void No_allow_statement_of_any_stack_has_a_wildcard_action_or_resource()
    {
        // Act
        var statements = app.Resources().SelectMany(r => IdentityStatements(r.Resource).Select(s => (r.Stack, r.Id, Statement: s))).ToList();

        // Assert
        Assert.NotEmpty(statements);
        Assert.All(statements, s =>
        {
            Assert.Equal("Allow", s.Statement.Effect);
            Assert.NotEmpty(s.Statement.Actions);
            Assert.NotEmpty(s.Statement.Resources);
            Assert.All(s.Statement.Actions, a => Assert.False(a.Contains('*', StringComparison.Ordinal), $"{s.Stack}/{s.Id}: action {a}"));
            Assert.All(s.Statement.Resources, r => Assert.False(r == "*" || r.EndsWith(":*", StringComparison.Ordinal) || r.EndsWith("/*/*", StringComparison.Ordinal), $"{s.Stack}/{s.Id}: resource {r}"));
        });
    }

    [Fact]
    public void Ingestion_may_put_records_on_the_stream_and_read_and_write_the_symbol_universe_only()
    {
        AssertGrants("ingestion",
        [
            $"kinesis:DescribeStreamSummary {Stream}",
            $"kinesis:PutRecords {Stream}",
            $"dynamodb:PutItem {Table(Names.SymbolUniverseTable)}",
            $"dynamodb:Scan {Table(Names.SymbolUniverseTable)}",
        ]);
    }

    [Fact]
    public void Bridge_may_read_the_stream_keep_its_leases_and_put_dead_letters_under_their_prefix_only()
    {
        AssertGrants("bridge",
        [
            $"kinesis:DescribeStreamSummary {Stream}",
            $"kinesis:GetRecords {Stream}",
            $"kinesis:GetShardIterator {Stream}",
            $"kinesis:ListShards {Stream}",
            .. Each("dynamodb", Table(Names.BridgeLeaseTable), "DeleteItem", "DescribeTable", "PutItem", "Scan", "UpdateItem"),
            $"s3:PutObject {LakeArn(Lake, LakePrefixes.DeadLetters + "*")}",
            $"s3:ListBucket {LakeArn(Lake)} if {PrefixCondition(LakePrefixes.DeadLetters)}",
        ]);
    }

    [Fact]
    public void Pricing_may_use_its_three_tables_and_not_the_lease_or_universe_tables()
    {
        AssertGrants("pricing",
        [
            .. Each("dynamodb", Table(Names.QuotesLatestTable), "BatchGetItem", "BatchWriteItem", "DescribeTable", "GetItem", "Scan", "UpdateItem"),
            .. Each("dynamodb", Table(Names.QuoteBarsTable), "BatchWriteItem", "GetItem", "Query"),
            .. Each("dynamodb", Table(Names.AlertRulesTable), "GetItem", "PutItem", "Scan", "UpdateItem"),
        ]);
        Assert.DoesNotContain(GrantsOf("pricing"), g => g.Contains(Names.BridgeLeaseTable, StringComparison.Ordinal) || g.Contains(Names.SymbolUniverseTable, StringComparison.Ordinal));
    }

    [Fact]
    public void Archive_may_write_read_and_delete_under_quotes_and_put_under_quarantine_only()
    {
        AssertGrants("archive",
        [
            $"s3:DeleteObject {LakeArn(Lake, QuotesTable.Prefix + "*")}",
            $"s3:GetObject {LakeArn(Lake, QuotesTable.Prefix + "*")}",
            $"s3:PutObject {LakeArn(Lake, QuotesTable.Prefix + "*")}",
            $"s3:PutObject {LakeArn(Lake, LakePrefixes.Quarantine + QuotesTable.Prefix + "*")}",
            $"s3:ListBucket {LakeArn(Lake)} if {PrefixCondition(QuotesTable.Prefix)}",
        ]);
    }

    [Fact]
    public void Grafana_may_query_the_workgroup_read_the_catalog_and_the_quotes_and_write_query_results_only()
    {
        var workgroup = ArnHere("athena", "workgroup/" + LakeStack.WorkGroupName);
        var catalog = ArnHere("athena", "datacatalog/AwsDataCatalog");
        var glue = new[]
        {
            ArnHere("glue", "catalog"),
            ArnHere("glue", "database/" + QuotesTable.Database),
            ArnHere("glue", $"table/{QuotesTable.Database}/{QuotesTable.Name}"),
            ArnHere("glue", $"table/{QuotesTable.Database}/{QuotesTable.ObjectsName}"),
        };
        var grants = GrantsOf("grafana");

        // The results bucket's ARN is imported from the lake stack: compare up to the export's generated name.
        var results = grants.Where(g => g.Contains(Results, StringComparison.Ordinal)).Select(g => g[..g.IndexOf(Results, StringComparison.Ordinal)] + g[(g.IndexOf('}', g.IndexOf(Results, StringComparison.Ordinal)) + 1)..]).ToHashSet(StringComparer.Ordinal);
        string[] expectedResults = ["s3:GetBucketLocation ", $"s3:ListBucket  if {PrefixCondition(LakeStack.ResultsPrefix)}", "s3:AbortMultipartUpload /results/*", "s3:GetObject /results/*", "s3:PutObject /results/*"];
        Assert.Equal(
            expectedResults.Order(StringComparer.Ordinal),
            results.Order(StringComparer.Ordinal));
        string[] expected =
            [
                .. Each("athena", workgroup, "GetQueryExecution", "GetQueryResults", "GetWorkGroup", "StartQueryExecution", "StopQueryExecution"),
                .. Each("athena", catalog, "GetDatabase", "GetDataCatalog", "GetTableMetadata", "ListDatabases", "ListTableMetadata"),
                .. glue.SelectMany(r => Each("glue", r, "GetDatabase", "GetDatabases", "GetPartitions", "GetTable", "GetTables")),
                $"s3:GetBucketLocation {LakeArn(Lake)}",
                $"s3:ListBucket {LakeArn(Lake)} if {PrefixCondition(QuotesTable.Prefix)}",
                $"s3:GetObject {LakeArn(Lake, QuotesTable.Prefix + "*")}",
            ];
        Assert.Equal(
            expected.Order(StringComparer.Ordinal),
            grants.Except(grants.Where(g => g.Contains(Results, StringComparison.Ordinal))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_the_archive_may_delete_from_the_lake_and_every_lake_listing_is_limited_to_a_prefix()
    {
        // Act
        var byRole = ServiceRolesStack.ServiceAccounts.ToDictionary(a => a, GrantsOf, StringComparer.Ordinal);

        // Assert
        Assert.Equal(["archive"], byRole.Where(r => r.Value.Any(g => g.StartsWith("s3:DeleteObject", StringComparison.Ordinal))).Select(r => r.Key));
        Assert.All(byRole.Values.SelectMany(g => g).Where(g => g.StartsWith("s3:ListBucket", StringComparison.Ordinal)), g => Assert.Contains("\"s3:prefix\"", g, StringComparison.Ordinal));
    }

    [Fact]
    public void The_namespace_context_moves_every_trust_to_that_namespace()
    {
        // Arrange
        using var other = AppTemplates.With(new Dictionary<string, object> { [InfraContext.NamespaceKey] = "trading" });

        // Act
        var subjects = other.Resources().Where(r => r.Resource.GetProperty("Type").GetString() == "AWS::IAM::Role").Select(r => Subject(r.Resource)).ToList();

        // Assert
        Assert.Equal(ServiceRolesStack.ServiceAccounts.Select(a => $"system:serviceaccount:trading:{a}").Order(StringComparer.Ordinal), subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_the_OIDC_provider_context_synthesis_fails_naming_the_context_value()
    {
        // Arrange
        var app = new Amazon.CDK.App();
        var lake = new LakeStack(app, LakeStack.DefaultId);

        // Act
        var refused = Assert.Throws<ArgumentException>(() => new ServiceRolesStack(app, ServiceRolesStack.DefaultId, lake));

        // Assert
        Assert.Contains("Context eksOidcProviderArn is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_OIDC_provider_context_that_is_not_a_provider_ARN_is_refused()
    {
        // Arrange
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object> { [InfraContext.EksOidcProviderArnKey] = "oidc.eks.us-east-1.amazonaws.com/id/ABC" } });
        var lake = new LakeStack(app, LakeStack.DefaultId);

        // Act
        var refused = Assert.Throws<ArgumentException>(() => new ServiceRolesStack(app, ServiceRolesStack.DefaultId, lake));

        // Assert
        Assert.Contains("must be an IAM OIDC provider ARN", refused.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Each(string service, string resource, params string[] actions) => actions.Select(a => $"{service}:{a} {resource}");

    private static string Table(string name) => ArnHere("dynamodb", "table/" + name);

    private static string PrefixCondition(string prefix) => JsonSerializer.Serialize(new Dictionary<string, object> { ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = new[] { prefix + "*" } } });

    private static string Subject(JsonElement role) =>
        role.GetProperty("Properties").GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0].GetProperty("Condition").GetProperty("StringEquals")
            .EnumerateObject().Single(p => p.Name.EndsWith(":sub", StringComparison.Ordinal)).Value.GetString()!;

    private IEnumerable<JsonElement> Roles() =>
        app.Resources().Where(r => r.Resource.GetProperty("Type").GetString() == "AWS::IAM::Role").Select(r => r.Resource);

    private Dictionary<string, JsonElement> RolesBySubject() => Roles().ToDictionary(Subject, StringComparer.Ordinal);

    private IReadOnlySet<string> GrantsOf(string account) => Grants(RolesBySubject()[$"system:serviceaccount:stockmonitor:{account}"]);

    private void AssertGrants(string account, string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), GrantsOf(account).Order(StringComparer.Ordinal));
}
