using MassTransit;
using StockMonitor.Aws;
using StockMonitor.Pricing.LatestQuotes;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Pricing.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.AddMessageBus(bus => bus.AddConsumer<QuoteReceivedConsumer, QuoteReceivedConsumerDefinition>());
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<LatestQuoteStore>();
    }
}
