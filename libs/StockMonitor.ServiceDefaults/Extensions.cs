using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StockMonitor.ServiceDefaults.Health;

namespace StockMonitor.ServiceDefaults;

/// <summary>The defaults every service starts with (after eShop's ServiceDefaults).</summary>
public static class Extensions
{
    /// <summary>Meters and activity sources of our own code all start with this prefix.</summary>
    public const string TelemetryPrefix = "StockMonitor";

    /// <summary>Health checks with this tag also answer <c>/alive</c> (Kubernetes restarts the pod when they fail).</summary>
    public const string LiveTag = "live";

    /// <summary>Checks of the dependencies a service needs to do its work: on <c>/health</c> (readiness) only, never on <c>/alive</c>.</summary>
    public const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName)
            .Validate(o => o.DependencyTimeout > TimeSpan.Zero && o.DependencyCacheFor >= TimeSpan.Zero, "Health:DependencyTimeout must be positive and Health:DependencyCacheFor not negative")
            .ValidateOnStart();
        builder.Services.AddSingleton<HealthChangeLog>();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(o =>
        {
            // Time for consumers and producers to drain on SIGTERM (Kubernetes waits 30 s by default).
            o.ShutdownTimeout = TimeSpan.FromSeconds(25);
        });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(TelemetryPrefix + ".*")
                .AddPrometheusExporter());

        // Traces (and OTLP export of all signals, to a collector, Grafana Alloy, ...) only when an endpoint is
        // configured: without an exporter nobody reads them, and every request and publish would still build its spans.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource("MassTransit")
                    .AddSource(TelemetryPrefix + ".*")
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsInfrastructurePath(context.Request.Path))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>/health</c> (every check, dependencies included: ready to serve), <c>/alive</c> (the process is responsive;
    /// no external dependency) and <c>/metrics</c> (Prometheus). They answer without authentication, so the health
    /// endpoints answer the status only; <c>/health/details</c> shows each check, only when <c>Health:Details</c> is on.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteStatusAsync }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag), ResponseWriter = HealthResponseWriter.WriteStatusAsync }).AllowAnonymous();
        if (app.Services.GetRequiredService<IOptions<HealthOptions>>().Value.Details)
        {
            app.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteDetailsAsync }).AllowAnonymous();
        }

        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    private static bool IsInfrastructurePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics");
}
