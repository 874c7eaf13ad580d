using MassTransit;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Pricing.Alerts;
using StockMonitor.Pricing.Bars;
using StockMonitor.Pricing.Quotes;
using StockMonitor.Pricing.Statistics;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Pricing.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.Services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PricingOptions>, PricingOptionsValidator>();
        builder.Services.AddHealthChecks().AddCheck<RecorderHealthCheck>("quote-recorder", tags: [ServiceDefaults.Extensions.LiveTag]);
        builder.AddMessageBus(bus =>
        {
            bus.AddConsumer<QuoteReceivedConsumer, QuoteReceivedConsumerDefinition>();
            bus.AddConsumer<AlertRuleAddedConsumer>();
            bus.AddConsumer<AlertRuleRemovedConsumer>();
        });
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<BarStore>();
        builder.Services.AddSingleton<BarWriter>();
        builder.Services.AddSingleton<LatestQuoteStore>();
        builder.Services.AddSingleton<DayStatisticsCalculator>();
        builder.Services.AddSingleton<SymbolRecomputer>();
        builder.Services.AddSingleton<QuoteRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SymbolRecomputer>());
        builder.Services.AddSingleton<AlertRuleStore>();
        builder.Services.AddSingleton<AlertRuleCache>();
        builder.Services.AddSingleton<AlertService>();
    }
}
