using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Publishing;

namespace StockMonitor.Ingestion.Simulation;

/// <summary>Emits a simulated quote for every configured symbol each interval.</summary>
internal sealed partial class SimulatedFeed(
    KinesisQuoteProducer producer,
    IOptions<SymbolOptions> symbols,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<SimulatedFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var list = symbols.Value.Symbols;
        var simulator = new QuoteSimulator(list, options.Value.Seed);
        LogStarting(list.Count, options.Value.Interval);

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        var last = time.GetUtcNow();
        try
        {
            do
            {
                var now = time.GetUtcNow();
                var elapsed = now - last;
                last = now;
                foreach (var symbol in list)
                {
                    await producer.EnqueueAsync(simulator.Next(symbol, elapsed, now), stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulating {Count} symbols every {Interval}")]
    private partial void LogStarting(int count, TimeSpan interval);
}
