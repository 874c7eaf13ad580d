using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StockMonitor.Aws;
using StockMonitor.Kinesis;

namespace StockMonitor.Testing;

/// <summary>
/// The servers and clients shared by every test of a test assembly, created once. Each test asks it for
/// resources of its own (stream, tables, bucket, database, bus prefix) so tests run in parallel without
/// seeing each other.
/// </summary>
public sealed class TestInfrastructure
{
    private static readonly Lazy<Task<TestInfrastructure>> Shared = new(CreateAsync);

    private TestInfrastructure(TestServers servers)
    {
        Servers = servers;
        foreach (var (key, value) in servers.AwsEnvironment)
        {
            // The SDKs' default credential chain reads these from the process environment.
            Environment.SetEnvironmentVariable(key, value);
        }

        Aws = new AwsSettings(
            servers.AwsEnvironment.GetValueOrDefault("AWS_REGION", AwsSettings.DefaultRegion),
            Endpoint("AWS_ENDPOINT_URL_KINESIS"),
            Endpoint("AWS_ENDPOINT_URL_DYNAMODB"),
            Endpoint("AWS_ENDPOINT_URL_S3"));
        Kinesis = AwsClientFactory.CreateKinesis(Aws);
        DynamoDb = AwsClientFactory.CreateDynamoDb(Aws);
        S3 = AwsClientFactory.CreateS3(Aws);
        Provisioner = new ResourceProvisioner(Kinesis, DynamoDb, S3, NullLogger<ResourceProvisioner>.Instance);

        Uri? Endpoint(string key) => servers.AwsEnvironment.TryGetValue(key, out var url) ? new Uri(url) : null;
    }

    public TestServers Servers { get; }

    public AwsSettings Aws { get; }

    public KinesisClient Kinesis { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public IAmazonS3 S3 { get; }

    public ResourceProvisioner Provisioner { get; }

    public static Task<TestInfrastructure> GetAsync() => Shared.Value;

    /// <summary>A short unique lower-case name, valid for streams, tables, buckets, databases and bus prefixes.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Creates a stream, the tables and a bucket with names no other test uses.</summary>
    public async Task<AwsResources> CreateResourcesAsync(int shards = 2, CancellationToken cancellationToken = default)
    {
        var resources = NewResourceNames(shards);
        await Provisioner.EnsureAllAsync(resources, cancellationToken);
        return resources;
    }

    /// <summary>Names for a stream, the tables and a bucket that no other test uses (nothing is created).</summary>
    public static AwsResources NewResourceNames(int shards = 2)
    {
        var id = UniqueName("t");
        return new AwsResources
        {
            QuoteStream = $"{id}-quotes",
            QuoteStreamShards = shards,
            QuotesLatestTable = $"{id}-quotes-latest",
            QuoteBarsTable = $"{id}-quote-bars",
            BridgeLeaseTable = $"{id}-bridge-leases",
            SymbolUniverseTable = $"{id}-symbol-universe",
            AlertRulesTable = $"{id}-alert-rules",
            LakeBucket = $"{id}-lake",
        };
    }

    /// <summary>Creates an empty PostgreSQL database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = UniqueName("t").Replace('-', '_');
        await using (var connection = new NpgsqlConnection(Servers.Postgres))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(Servers.Postgres) { Database = name }.ConnectionString;
    }

    /// <summary>Settings that point a hosted service at these servers and at <paramref name="resources"/>.</summary>
    public Dictionary<string, string> SettingsFor(AwsResources resources, string busPrefix, string? postgres = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var settings = new Dictionary<string, string>(Servers.AwsEnvironment)
        {
            ["STOCKMONITOR_RABBITMQ"] = Servers.RabbitMq.ToString(),
            ["STOCKMONITOR_POSTGRES"] = postgres ?? Servers.Postgres,
            ["Bus:Prefix"] = busPrefix,
            ["Resources:QuoteStream"] = resources.QuoteStream,
            ["Resources:QuoteStreamShards"] = resources.QuoteStreamShards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Resources:QuotesLatestTable"] = resources.QuotesLatestTable,
            ["Resources:QuoteBarsTable"] = resources.QuoteBarsTable,
            ["Resources:BridgeLeaseTable"] = resources.BridgeLeaseTable,
            ["Resources:SymbolUniverseTable"] = resources.SymbolUniverseTable,
            ["Resources:AlertRulesTable"] = resources.AlertRulesTable,
            ["Resources:LakeBucket"] = resources.LakeBucket,
            // The internal endpoint with every check's status and reason, for tests to say why a service is not ready.
            ["Health:Details"] = "true",
        };
        return settings;
    }

    private static async Task<TestInfrastructure> CreateAsync() => new(await TestServers.ResolveAsync());
}
