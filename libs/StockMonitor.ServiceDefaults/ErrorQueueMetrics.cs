using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StockMonitor.ServiceDefaults;

/// <summary>
/// <c>stockmonitor.bus.error_queue_messages</c>: how many faulted messages wait in the <c>_error</c> queue of each of
/// this service's receive endpoints (tag <c>queue</c>), read every <see cref="PollInterval"/> with a passive declare
/// (plain AMQP: no management plugin needed). A queue that has never faulted has no error queue and reports 0.
/// </summary>
public sealed partial class ErrorQueueMetrics : BackgroundService, IReceiveEndpointObserver
{
    public const string MeterName = "StockMonitor.Bus";
    public const string InstrumentName = "stockmonitor.bus.error_queue_messages";
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, long> depths = new(StringComparer.Ordinal);
    private readonly Uri broker;
    private readonly TimeProvider time;
    private readonly ILogger<ErrorQueueMetrics> logger;
    private bool failing;

    public ErrorQueueMetrics(Uri broker, IMeterFactory meterFactory, TimeProvider time, ILogger<ErrorQueueMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.broker = broker;
        this.time = time;
        this.logger = logger;
        meterFactory.Create(MeterName).CreateObservableGauge(
            InstrumentName,
            () => depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))),
            "{message}",
            "Faulted messages waiting in the _error queue of each receive endpoint (list and re-queue them with ./stockmonitor errors)");
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        depths.TryAdd(ErrorQueues.ErrorQueueOf(ready.InputAddress.AbsolutePath.Split('/')[^1]), 0);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await ReadDepthsAsync(stoppingToken);
            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the depth of every known error queue once.</summary>
    public async Task ReadDepthsAsync(CancellationToken cancellationToken)
    {
        if (depths.IsEmpty)
        {
            return;
        }

        try
        {
            await using var queues = new ErrorQueues(broker);
            foreach (var queue in depths.Keys)
            {
                depths[queue] = await queues.DepthAsync(queue, cancellationToken) ?? 0;
            }

            failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A metric must never stop the service: the gauge keeps the last depths read, the bus reports the outage.
            if (!failing)
            {
                failing = true;
                LogUnreadable(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the depths of the error queues; the metric keeps the last values until the broker answers")]
    private partial void LogUnreadable(Exception exception);
}
