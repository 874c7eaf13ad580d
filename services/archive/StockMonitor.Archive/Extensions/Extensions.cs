using MassTransit;
using StockMonitor.Archive.Compaction;
using StockMonitor.Archive.Lake;
using StockMonitor.Aws;
using StockMonitor.Lake;
using StockMonitor.ServiceDefaults;
using StockMonitor.ServiceDefaults.Health;

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
            .Validate(o => o.CompactEvery >= TimeSpan.Zero, "Archive:CompactEvery must not be negative (zero turns compaction off)")
            .Validate(o => o.CompactAfter >= TimeSpan.FromMinutes(2), "Archive:CompactAfter must be at least 2 minutes (writers' clocks may be a minute apart)")
            .Validate(o => o.CompactDays is >= 0 and <= 31, "Archive:CompactDays must be 0-31")
            .Validate(o => o.CompactTargetBytes >= 1024 * 1024, "Archive:CompactTargetBytes must be at least 1 MiB")
            .ValidateOnStart();
        builder.Services.AddHealthChecks().AddDependency("s3", AwsProbes.S3Bucket(r => r.LakeBucket, QuotesTable.Prefix));
        builder.AddMessageBus(bus => bus.AddConsumer<QuoteBatchConsumer, QuoteBatchConsumerDefinition>());
        builder.Services.AddSingleton<ArchiveMetrics>();
        builder.Services.AddSingleton<LakeWriter>();
        builder.Services.AddSingleton<LakeCompactor>();
        builder.Services.AddHostedService<CompactionService>();
    }
}
