using System.Net;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;
using StockMonitor.Aws;
using StockMonitor.Kinesis;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests.Faults;

/// <summary>
/// The whole system on servers of its own: RabbitMQ (<see cref="RabbitMqNode"/>), PostgreSQL, kinesalite, dynalite and
/// s3rver (<see cref="OwnServer"/>, data on disk), each on its own port, none of them the shared test stack's; and every
/// service as a separate process (ingestion with its simulator, bridge, pricing, archive, portfolio, dashboard) as
/// <c>./stockmonitor up</c> runs them. Any of them can be killed with SIGKILL and started again on the same port and
/// data.
/// </summary>
public sealed class FaultSystem : IAsyncDisposable
{
    /// <summary>The services, in the order the fault suite kills them.</summary>
    public static readonly string[] ServiceNames = ["ingestion", "bridge", "pricing", "archive", "portfolio", "dashboard"];

    /// <summary>The servers, in the order the fault suite kills them.</summary>
    public static readonly string[] ServerNames = ["rabbitmq", "postgres", "dynalite", "kinesalite", "s3rver"];

    private readonly Dictionary<string, (string Area, string Project, Dictionary<string, string> Settings, int Port)> definitions = [];
    private readonly Dictionary<string, ServiceProcess> services = [];

    private FaultSystem(RabbitMqNode broker, OwnServer postgres, OwnServer kinesalite, OwnServer dynalite, OwnServer s3rver)
    {
        Broker = broker;
        Postgres = postgres;
        Kinesalite = kinesalite;
        Dynalite = dynalite;
        S3rver = s3rver;
        var aws = new AwsSettings(AwsSettings.DefaultRegion, kinesalite.Endpoint, dynalite.Endpoint, s3rver.Endpoint);
        Kinesis = AwsClientFactory.CreateKinesis(aws);
        DynamoDb = AwsClientFactory.CreateDynamoDb(aws);
        S3 = AwsClientFactory.CreateS3(aws);
    }

    public RabbitMqNode Broker { get; }

    public OwnServer Postgres { get; }

    public OwnServer Kinesalite { get; }

    public OwnServer Dynalite { get; }

    public OwnServer S3rver { get; }

    public KinesisClient Kinesis { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public IAmazonS3 S3 { get; }

    public AwsResources Resources { get; } = TestInfrastructure.NewResourceNames(shards: 2);

    /// <summary>The symbols ingestion's simulator streams (not counted: the suite counts its own quotes).</summary>
    public static string SimulatedSymbols => "SIMA,SIMB";

    public IReadOnlyDictionary<string, ServiceProcess> Services => services;

    public static async Task<FaultSystem> StartAsync(Action<string> log)
    {
        // The SDKs' default credential chain: s3rver accepts only this key (scripts/lib/stack.sh).
        foreach (var (key, value) in new[] { ("AWS_ACCESS_KEY_ID", "S3RVER"), ("AWS_SECRET_ACCESS_KEY", "S3RVER"), ("AWS_REGION", AwsSettings.DefaultRegion) })
        {
            if (Environment.GetEnvironmentVariable(key) is null)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }

        var servers = new List<IAsyncDisposable>();
        try
        {
            var broker = Track(await RabbitMqNode.StartAsync());
            var postgres = Track(await OwnServer.PostgresAsync());
            var kinesalite = Track(await OwnServer.KinesaliteAsync());
            var dynalite = Track(await OwnServer.DynaliteAsync());
            var s3rver = Track(await OwnServer.S3rverAsync());
            var system = new FaultSystem(broker, postgres, kinesalite, dynalite, s3rver);
            servers.Clear();
            try
            {
                await new ResourceProvisioner(system.Kinesis, system.DynamoDb, system.S3, NullLogger<ResourceProvisioner>.Instance).EnsureAllAsync(system.Resources);
                log($"own servers up: rabbitmq {broker.Port}, postgres {postgres.Port}, kinesalite {kinesalite.Port}, dynalite {dynalite.Port}, s3rver {s3rver.Port}");
                await system.StartServicesAsync();
            }
            catch
            {
                await system.DisposeAsync();
                throw;
            }

            return system;
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            throw;
        }

        T Track<T>(T server)
            where T : IAsyncDisposable
        {
            servers.Add(server);
            return server;
        }
    }

    /// <summary>The process id of a server or service as the suite sees it (null while it is down).</summary>
    public int? ProcessId(string name) => name switch
    {
        "rabbitmq" => null,
        _ when services.TryGetValue(name, out var service) => service.HasExited ? null : service.ProcessId,
        _ => Server(name).ProcessId,
    };

    /// <summary>SIGKILL to a server's or a service's whole process tree.</summary>
    public void Kill(string name)
    {
        if (name == "rabbitmq")
        {
            Broker.Kill();
        }
        else if (services.TryGetValue(name, out var service))
        {
            service.Kill();
        }
        else
        {
            Server(name).Kill();
        }
    }

    /// <summary>Starts a killed server or service again on its port (and data), and waits until it answers.</summary>
    public async Task RestartAsync(string name)
    {
        if (name == "rabbitmq")
        {
            await Broker.RestartAsync();
        }
        else if (services.TryGetValue(name, out var service))
        {
            // Stays in the map meanwhile: the command sender keeps using its address (the port does not change). If the
            // start fails, disposing it again at the end does nothing.
            await service.DisposeAsync();
            services[name] = await StartServiceAsync(name);
        }
        else
        {
            await Server(name).RestartAsync();
        }
    }

    /// <summary>The services whose <c>/health</c> does not answer 200 now (empty when all are green).</summary>
    public async Task<List<string>> UnhealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var unhealthy = new List<string>();
        foreach (var (name, service) in services)
        {
            try
            {
                using var answer = await http.GetAsync(new Uri(service.BaseAddress, "/health"));
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    unhealthy.Add($"{name} ({(int)answer.StatusCode})");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                unhealthy.Add($"{name} ({ex.GetType().Name})");
            }
        }

        return unhealthy;
    }

    /// <summary>The last output lines of every service and server, to explain a failure.</summary>
    public string Diagnostics(string name) => name switch
    {
        "rabbitmq" => Broker.RecentOutput,
        _ when services.TryGetValue(name, out var service) => service.RecentOutput,
        _ => Server(name).RecentOutput,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var service in services.Values)
        {
            await service.DisposeAsync();
        }

        await Broker.DisposeAsync();
        foreach (var server in new[] { Postgres, Kinesalite, Dynalite, S3rver })
        {
            await server.DisposeAsync();
        }

        DynamoDb.Dispose();
        S3.Dispose();
    }

    private OwnServer Server(string name) => name switch
    {
        "postgres" => Postgres,
        "kinesalite" => Kinesalite,
        "dynalite" => Dynalite,
        "s3rver" => S3rver,
        _ => throw new ArgumentException($"No server or service named {name}.", nameof(name)),
    };

    private async Task StartServicesAsync()
    {
        var ports = ServiceNames.ToDictionary(n => n, _ => LocalPort.Free());
        var settings = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_KINESIS"] = Kinesalite.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = Dynalite.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_S3"] = S3rver.Endpoint.ToString(),
            ["AWS_REGION"] = AwsSettings.DefaultRegion,
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["STOCKMONITOR_RABBITMQ"] = Broker.AmqpUri.ToString(),
            ["STOCKMONITOR_POSTGRES"] = Postgres.PostgresConnectionString,
            ["STOCKMONITOR_PRICING_URL"] = $"http://127.0.0.1:{ports["pricing"]}",
            ["STOCKMONITOR_PORTFOLIO_URL"] = $"http://127.0.0.1:{ports["portfolio"]}",
            ["PricingApi:BaseUrl"] = $"http://127.0.0.1:{ports["pricing"]}",
            ["Bus:Prefix"] = TestInfrastructure.UniqueName("faults"),
            ["Resources:QuoteStream"] = Resources.QuoteStream,
            ["Resources:QuoteStreamShards"] = "2",
            ["Resources:QuotesLatestTable"] = Resources.QuotesLatestTable,
            ["Resources:QuoteBarsTable"] = Resources.QuoteBarsTable,
            ["Resources:BridgeLeaseTable"] = Resources.BridgeLeaseTable,
            ["Resources:SymbolUniverseTable"] = Resources.SymbolUniverseTable,
            ["Resources:AlertRulesTable"] = Resources.AlertRulesTable,
            ["Resources:LakeBucket"] = Resources.LakeBucket,
            ["Bridge:InstanceId"] = "faults-bridge",
            ["Archive:MaxWait"] = "00:00:02",
            // Compaction off: the suite counts the lake's rows object by object, each quote once.
            ["Archive:CompactEvery"] = "00:00:00",
            ["Pricing:PublishTimeout"] = "00:00:03",
        };
        Define("ingestion", "ingestion", "StockMonitor.Ingestion", new(settings)
        {
            ["Simulator:Enabled"] = "true",
            ["STOCKMONITOR_SYMBOLS"] = SimulatedSymbols,
        });
        Define("bridge", "ingestion", "StockMonitor.Bridge", settings);
        Define("pricing", "pricing", "StockMonitor.Pricing", settings);
        Define("archive", "archive", "StockMonitor.Archive", settings);
        Define("portfolio", "portfolio", "StockMonitor.Portfolio", settings);
        Define("dashboard", "dashboard", "StockMonitor.Dashboard", settings);
        var starting = ServiceNames.ToDictionary(n => n, StartServiceAsync);
        try
        {
            await Task.WhenAll(starting.Values);
        }
        catch
        {
            foreach (var started in starting.Values.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        foreach (var (name, started) in starting)
        {
            services[name] = started.Result;
        }

        void Define(string name, string area, string project, Dictionary<string, string> with) => definitions[name] = (area, project, with, ports[name]);
    }

    private Task<ServiceProcess> StartServiceAsync(string name)
    {
        var (area, project, settings, port) = definitions[name];
        // Generous: on a machine shared with builds a .NET service can take more than a minute to start.
        return ServiceProcess.StartAsync(area, project, settings, name, port, TimeSpan.FromMinutes(3));
    }
}
