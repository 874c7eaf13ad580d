using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using Testcontainers.LocalStack;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace StockMonitor.Testing;

/// <summary>
/// Where the servers the tests need are: taken from the environment that <c>./stockmonitor test</c> sets
/// (the local PostgreSQL, RabbitMQ, kinesalite, dynalite and s3rver it starts); failing that, containers
/// started with Testcontainers when a Docker engine is available; failing that, an error that says how to
/// get them. Never a silent skip.
/// </summary>
public sealed record TestServers(string Postgres, Uri RabbitMq, IReadOnlyDictionary<string, string> AwsEnvironment)
{
    public const string HowToGetServers =
        "Run the tests with `./stockmonitor test` (it installs and starts PostgreSQL, RabbitMQ, kinesalite, dynalite and s3rver on 127.0.0.1), "
        + "or export the endpoints of running servers (`eval \"$(./stockmonitor env)\"` after `./stockmonitor up`), "
        + "or run them on a machine with a Docker engine so that Testcontainers can start them.";

    private static readonly string[] AwsVariables =
        ["AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

    public static async Task<TestServers> ResolveAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("STOCKMONITOR_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("STOCKMONITOR_RABBITMQ");
        var kinesis = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_KINESIS");
        if (postgres is not null && rabbit is not null && kinesis is not null)
        {
            var servers = new TestServers(postgres, new Uri(rabbit), AwsVariables
                .Where(v => Environment.GetEnvironmentVariable(v) is not null)
                .ToDictionary(v => v, v => Environment.GetEnvironmentVariable(v)!));
            await servers.CheckReachableAsync();
            return servers;
        }

        return await StartContainersAsync();
    }

    /// <summary>Fails fast, naming the server, when one of the configured endpoints does not accept connections.</summary>
    private async Task CheckReachableAsync()
    {
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(Postgres);
        var endpoints = new List<(string Name, string Host, int Port)>
        {
            ("PostgreSQL", npgsql.Host ?? "127.0.0.1", npgsql.Port),
            ("RabbitMQ", RabbitMq.Host, RabbitMq.IsDefaultPort ? 5672 : RabbitMq.Port),
        };
        foreach (var (variable, name) in new[] { ("AWS_ENDPOINT_URL_KINESIS", "Kinesis (kinesalite)"), ("AWS_ENDPOINT_URL_DYNAMODB", "DynamoDB (dynalite)"), ("AWS_ENDPOINT_URL_S3", "S3 (s3rver)") })
        {
            if (AwsEnvironment.TryGetValue(variable, out var url))
            {
                var uri = new Uri(url);
                endpoints.Add((name, uri.Host, uri.Port));
            }
        }

        foreach (var (name, host, port) in endpoints)
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.ConnectAsync(host, port, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                throw new InvalidOperationException($"{name} does not answer at {host}:{port} ({ex.Message}). {HowToGetServers}", ex);
            }
        }
    }

    private static async Task<TestServers> StartContainersAsync()
    {
        try
        {
            var postgres = new PostgreSqlBuilder("postgres:15-alpine").Build();
            var rabbit = new RabbitMqBuilder("rabbitmq:3.13-alpine").Build();
            var localstack = new LocalStackBuilder("localstack/localstack:3.8").Build();
            await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync(), localstack.StartAsync());
            var aws = localstack.GetConnectionString();
            return new TestServers(
                postgres.GetConnectionString(),
                new Uri(rabbit.GetConnectionString()),
                new Dictionary<string, string>
                {
                    ["AWS_ENDPOINT_URL_KINESIS"] = aws,
                    ["AWS_ENDPOINT_URL_DYNAMODB"] = aws,
                    ["AWS_ENDPOINT_URL_S3"] = aws,
                    ["AWS_REGION"] = "us-east-1",
                    ["AWS_ACCESS_KEY_ID"] = "test",
                    ["AWS_SECRET_ACCESS_KEY"] = "test",
                });
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException($"The test servers are not configured (STOCKMONITOR_POSTGRES, STOCKMONITOR_RABBITMQ, AWS_ENDPOINT_URL_* are unset) and no Docker engine is available. {HowToGetServers}", ex);
        }
    }
}
