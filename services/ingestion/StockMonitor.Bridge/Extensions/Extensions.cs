using StockMonitor.Aws;
using StockMonitor.Bridge.Reading;
using StockMonitor.ServiceDefaults;

namespace StockMonitor.Bridge.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAwsClients();
        builder.AddMessageBus();
        builder.Services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.SectionName)
            .Validate(o => o.IdlePollInterval >= TimeSpan.FromMilliseconds(200), "Bridge:IdlePollInterval must be at least 200 ms (5 GetRecords per second per shard)")
            .ValidateOnStart();
        builder.Services.AddHostedService<StreamBridge>();
    }
}
