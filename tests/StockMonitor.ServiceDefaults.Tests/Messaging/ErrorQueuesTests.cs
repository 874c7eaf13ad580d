using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StockMonitor.Testing;

namespace StockMonitor.ServiceDefaults.Tests.Messaging;

/// <summary>What a consumer could not handle is visible (metric, list with the reason) and can be replayed.</summary>
public sealed class ErrorQueuesTests
{
    [Fact]
    public async Task A_faulted_message_is_counted_listed_with_its_reason_and_consumed_once_requeued()
    {
        // Arrange: a consumer that fails every attempt until told otherwise, and no retries.
        var prefix = TestInfrastructure.UniqueName("errors");
        var queue = $"{prefix}-bustest-flaky";
        var attempts = new FlakyAttempts(failures: int.MaxValue);
        using var host = await BusHost.BuildAsync(
            prefix,
            bus => bus.AddConsumer<FlakyConsumer>(),
            services => services.AddSingleton(attempts),
            settings: new() { ["Bus:Retry:Limit"] = "0" });
        await host.StartAsync();
        var broker = (await TestInfrastructure.GetAsync()).Servers.RabbitMq;
        await using var errors = new ErrorQueues(broker);
        try
        {
            // Act: the message faults and goes to the error queue.
            await host.Services.GetRequiredService<IBus>().Publish(new FlakyWorkRequested("e-1"));
            await Eventually.HoldsAsync(async () => await errors.DepthAsync(queue + "_error") == 1, "the faulted message in the error queue");

            // Assert: counted on the metric, listed (and left there) with the consumer's exception as reason.
            var metrics = host.Services.GetRequiredService<ErrorQueueMetrics>();
            await metrics.ReadDepthsAsync(CancellationToken.None);
            Assert.Equal(1, ObservedDepth(queue + "_error"));
            var faulted = Assert.Single(await errors.ListAsync(queue + "_error"));
            Assert.Equal(typeof(InvalidOperationException).FullName, faulted.ExceptionType);
            Assert.Contains("attempt 1 of e-1 fails on purpose", faulted.Reason, StringComparison.Ordinal);
            Assert.Equal(1u, await errors.DepthAsync(queue + "_error"));

            // Act: the cause is fixed, the message re-queued.
            attempts.FailUntil = 0;
            Assert.Equal(1, await errors.RequeueAsync(queue));

            // Assert: consumed from its own queue; the error queue is empty.
            await Eventually.HoldsAsync(() => Task.FromResult(attempts.Succeeded.Contains("e-1")), "the re-queued message to be consumed");
            Assert.Equal(0u, await errors.DepthAsync(queue + "_error"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Requeue_refuses_when_the_original_queue_is_gone()
    {
        var broker = (await TestInfrastructure.GetAsync()).Servers.RabbitMq;
        await using var errors = new ErrorQueues(broker);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => errors.RequeueAsync(TestInfrastructure.UniqueName("gone") + "_error"));

        Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
    }

    private static long? ObservedDepth(string queue)
    {
        long? observed = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == ErrorQueueMetrics.InstrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "queue" && (string?)tag.Value == queue)
                {
                    observed = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
