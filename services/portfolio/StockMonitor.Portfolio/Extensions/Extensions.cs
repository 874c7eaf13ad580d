using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Portfolio.Extensions;

internal static class Extensions
{
    public const string ConnectionVariable = "STOCKMONITOR_POSTGRES";

    /// <summary>The local development database started by <c>./stockmonitor up</c>.</summary>
    public const string DefaultConnection = "Host=127.0.0.1;Port=18432;Database=stockmonitor;Username=stockmonitor;Password=stockmonitor";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var connection = builder.Configuration[ConnectionVariable] ?? DefaultConnection;
        builder.Services.AddMarten(options =>
            {
                options.Connection(connection);
                options.DatabaseSchemaName = builder.Configuration["Portfolio:Schema"] ?? "portfolio";
                options.Projections.Snapshot<Portfolios.Portfolio>(SnapshotLifecycle.Inline);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();

        builder.AddMessageBus();
        builder.Services.AddOpenApi();
    }
}
