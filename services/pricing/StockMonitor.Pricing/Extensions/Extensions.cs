using MassTransit;
using StockMonitor.Aws;
using StockMonitor.Pricing.Alerts;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Ownership;
using StockMonitor.Pricing.Quotes;
using StockMonitor.Pricing.Statistics;
using StockMonitor.Pricing.Storage;
using StockMonitor.ServiceDefaults;
using StockMonitor.ServiceDefaults.Health;

namespace StockMonitor.Pricing.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.Services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName)
            .Validate(o => o.FlushInterval >= TimeSpan.Zero && o.FlushInterval < TimeSpan.FromSeconds(10), "Pricing:FlushInterval must be between 0 and 10 s")
            .Validate(o => o.BarFlushInterval >= o.FlushInterval && o.BarFlushInterval < o.StallTimeout, "Pricing:BarFlushInterval must be at least Pricing:FlushInterval and shorter than Pricing:StallTimeout")
            .Validate(o => o.BarSymbolsPerSecond > 0, "Pricing:BarSymbolsPerSecond must be positive")
            .Validate(o => o.LeaseMargin > TimeSpan.Zero && o.LeaseDuration > 2 * o.LeaseMargin, "Pricing:LeaseDuration must be more than twice Pricing:LeaseMargin, which must be positive")
            .Validate(o => o.PublishTimeout > TimeSpan.Zero, "Pricing:PublishTimeout must be positive")
            .Validate(o => o.StallTimeout > o.PublishTimeout, "Pricing:StallTimeout must be longer than Pricing:PublishTimeout")
            .Validate(o => o.MaxRetryDelay > TimeSpan.Zero && o.MaxRetryDelay < o.StallTimeout, "Pricing:MaxRetryDelay must be positive and shorter than Pricing:StallTimeout")
            .ValidateOnStart();
        builder.Services.AddHealthChecks()
            .AddCheck<RecorderHealthCheck>("quote-recorder", tags: [ServiceDefaults.Extensions.LiveTag])
            .AddDependency("dynamodb", AwsProbes.DynamoDbTable(r => r.QuotesLatestTable));
        builder.AddMessageBus(bus =>
        {
            bus.AddConsumer<QuotesReceivedConsumer, QuotesReceivedConsumerDefinition>();
            bus.AddConsumer<AlertRuleAddedConsumer>();
            bus.AddConsumer<AlertRuleRemovedConsumer>();
        });
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<BarStore>();
        builder.Services.AddSingleton<LatestQuoteStore>();
        builder.Services.AddSingleton<ReferencePrices>();
        builder.Services.AddSingleton<TableWriter>();
        builder.Services.AddSingleton<PriceBook>();
        builder.Services.AddSingleton<PricingLease>();
        builder.Services.AddSingleton<PricingMetrics>();
        builder.Services.AddSingleton<QuoteRecorder>();
        builder.Services.AddSingleton<AlertRuleStore>();
        builder.Services.AddSingleton<AlertRuleCache>();
        builder.Services.AddSingleton<AlertService>();
    }
}
