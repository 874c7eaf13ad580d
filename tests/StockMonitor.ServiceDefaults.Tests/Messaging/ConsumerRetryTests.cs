using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StockMonitor.Testing;

namespace StockMonitor.ServiceDefaults.Tests.Messaging;

/// <summary>Every consumer a service adds through the shared bus set-up is retried, without a definition of its own.</summary>
public sealed class ConsumerRetryTests
{
    [Fact]
    public async Task A_consumer_that_throws_once_is_retried_and_succeeds()
    {
        var attempts = new FlakyAttempts(failures: 1);
        using var host = await BusHost.BuildAsync(
            TestInfrastructure.UniqueName("retry"),
            bus => bus.AddConsumer<FlakyConsumer>(),
            services => services.AddSingleton(attempts));
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(new FlakyWorkRequested("w-1"));

            await Eventually.HoldsAsync(() => Task.FromResult(attempts.Succeeded.Contains("w-1")), "the flaky message to be consumed on a retry");
            Assert.Equal(2, attempts.Count("w-1"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task An_unrecoverable_message_is_not_retried()
    {
        var attempts = new FlakyAttempts(failures: int.MaxValue, unrecoverable: true);
        var faults = new FaultedWork();
        using var host = await BusHost.BuildAsync(
            TestInfrastructure.UniqueName("retry"),
            bus =>
            {
                bus.AddConsumer<FlakyConsumer>();
                bus.AddConsumer<FaultedWorkConsumer>();
            },
            services => services.AddSingleton(attempts).AddSingleton(faults));
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(new FlakyWorkRequested("w-2"));

            await Eventually.HoldsAsync(() => Task.FromResult(faults.Ids.Contains("w-2")), "the fault of the unrecoverable message");
            Assert.Equal(1, attempts.Count("w-2"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
