using System.Text.Json.Serialization;
using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using StockMonitor.Auth;
using StockMonitor.Portfolio.Alerting;
using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Demo;
using StockMonitor.Portfolio.Idempotency;
using StockMonitor.Portfolio.OpeningPortfolios;
using StockMonitor.Portfolio.Relay;
using StockMonitor.Portfolio.Valuation;
using StockMonitor.ServiceDefaults;
using StockMonitor.ServiceDefaults.Health;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Extensions;

internal static partial class Extensions
{
    public const string ConnectionVariable = "STOCKMONITOR_POSTGRES";

    /// <summary>The local development database started by <c>./stockmonitor up</c>.</summary>
    public const string DefaultConnection = "Host=127.0.0.1;Port=18432;Database=stockmonitor;Username=stockmonitor;Password=stockmonitor";

    /// <summary>
    /// Pricing's read API (latest prices, hour bars) at <c>PricingApi:BaseUrl</c>, with the standard resilience
    /// handler tuned so that a caller waiting on it (a portfolio view) learns within seconds that pricing is away.
    /// </summary>
    private static void AddPricingClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PricingApiOptions>().BindConfiguration(PricingApiOptions.SectionName)
            .Validate(o => o.IsValid(), "PricingApi:BaseUrl must be an absolute http(s) URL")
            .ValidateOnStart();
        builder.Services.AddHttpClient<PricingClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<PricingApiOptions>>().Value.BaseAddress)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(12);
            });
    }

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var connection = builder.Configuration[ConnectionVariable] ?? DefaultConnection;
        var marten = builder.Services.AddMarten(options =>
            {
                options.Connection(connection);
                options.DatabaseSchemaName = builder.Configuration["Portfolio:Schema"] ?? "portfolio";
                PortfolioStore.Configure(options);
                options.Schema.For<IdempotencyRecord>().Index(r => r.CreatedAt);
                options.Schema.For<AlertFiring>().Index(f => f.PortfolioId);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddHealthChecks().AddDependency("postgresql", async (_, cancellationToken) =>
        {
            await using var database = new NpgsqlConnection(connection);
            await database.OpenAsync(cancellationToken);
            await using var select = new NpgsqlCommand("SELECT 1", database);
            await select.ExecuteScalarAsync(cancellationToken);
        });

        builder.AddJwtAuthentication();
        builder.AddSubjectRateLimit();
        builder.Services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.SectionName)
            .Validate(o => o.SnapshotEvery > 0, "Portfolio:SnapshotEvery must be positive")
            .Validate(o => o.CachedPortfolios > 0, "Portfolio:CachedPortfolios must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<PortfolioStateCache>();
        builder.Services.AddOptions<PortfolioCapOptions>().BindConfiguration(PortfolioCapOptions.SectionName)
            .Validate(o => o.MaxPortfoliosPerOwner > 0, "Portfolio:MaxPortfoliosPerOwner must be positive")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Unknown fields are a 400, not silently ignored: a typo in "quantity" must not record a trade.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ExceptionHandlerOptions>(o =>
            o.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);

        builder.AddPricingClient();
        builder.Services.AddSingleton<LivePrices>();
        builder.Services.AddSingleton<PortfolioMetrics>();
        builder.Services.AddSingleton<PriceHistory>();
        builder.Services.AddSingleton<PortfolioViews>();
        builder.Services.AddSingleton<PerformanceService>();
        builder.Services.AddScoped<PortfolioCommands>();
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName)
            .Validate(o => o.IdempotencyRetention > TimeSpan.Zero, "Portfolio:IdempotencyRetention must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyRecords>();
        builder.Services.AddSingleton<IdempotencyCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyCleanup>());
        builder.Services.AddSingleton<LatestQuotesLoader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LatestQuotesLoader>());
        builder.AddMessageBus(bus =>
        {
            // Every instance values portfolios, so every instance needs every PriceChanged: a queue of its own that goes
            // away with it, instead of one shared queue whose messages the replicas would split.
            bus.AddConsumer<PriceChangedConsumer>().Endpoint(e =>
            {
                e.Temporary = true;
                e.InstanceId = Guid.NewGuid().ToString("N")[..8];
            });
            // A firing is stored once, whichever replica takes it: one durable queue that the replicas share.
            bus.AddConsumer<PriceAlertTriggeredConsumer, PriceAlertTriggeredConsumerDefinition>();
        });
        // That queue loses what is published while the broker is unreachable: prices are read again on reconnect.
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<LatestQuotesLoader>());
        builder.AddBusRelay(marten);
        builder.Services.AddOpenApi(PortfolioOpenApi.Configure);

        builder.Services.AddOptions<AlertHistoryOptions>().BindConfiguration(AlertHistoryOptions.SectionName)
            .Validate(o => o.AlertHistoryRetention > TimeSpan.Zero, "Portfolio:AlertHistoryRetention must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<AlertHistoryPruning>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertHistoryPruning>());

        builder.Services.AddOptions<DemoPortfolioOptions>().Bind(builder.Configuration.GetSection(DemoPortfolioOptions.Section));
        if (builder.Configuration.GetValue<bool>($"{DemoPortfolioOptions.Section}:Seed"))
        {
            builder.Services.AddHostedService<DemoPortfolioSeeder>();
        }
    }
}
