using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StockMonitor.Testing;

namespace StockMonitor.ServiceDefaults.Tests.Messaging;

/// <summary>A monitoring system inside a company network must not call out unasked: MassTransit's usage telemetry is off.</summary>
public sealed class UsageTelemetryTests
{
    [Fact]
    public async Task Shared_bus_set_up_turns_MassTransit_usage_telemetry_off()
    {
        using var host = await BusHost.BuildAsync(TestInfrastructure.UniqueName("telemetry"));

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
