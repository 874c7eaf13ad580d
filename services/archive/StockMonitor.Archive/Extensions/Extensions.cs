using MassTransit;
using StockMonitor.Archive.Lake;
using StockMonitor.Aws;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Archive.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.Services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.SectionName)
            .Validate(o => o.MaxRunsPerObject is > 0 and <= 1_000, "Archive:MaxRunsPerObject must be 1-1000 (the broker's prefetch follows it)")
            .Validate(o => o.MaxWait > TimeSpan.Zero, "Archive:MaxWait must be positive")
            .Validate(o => o.DedupWindow >= TimeSpan.FromMinutes(1), "Archive:DedupWindow must be at least a minute")
            .ValidateOnStart();
        builder.AddMessageBus(bus => bus.AddConsumer<QuoteBatchConsumer, QuoteBatchConsumerDefinition>());
        builder.Services.AddSingleton<ArchiveMetrics>();
        builder.Services.AddSingleton<LakeWriter>();
    }
}
