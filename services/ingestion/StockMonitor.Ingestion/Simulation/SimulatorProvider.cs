using Microsoft.Extensions.Options;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.Simulation;

/// <summary>Emits a simulated quote for every symbol of the universe each interval.</summary>
public sealed partial class SimulatorProvider(
    QuoteIntake intake,
    SymbolUniverse universe,
    IOptions<SimulatorOptions> options,
    ProviderSelection selection,
    TimeProvider time,
    ILogger<SimulatorProvider> logger) : IQuoteProvider
{
    public string Name => "simulator";

    public bool IsEnabled => options.Value.Enabled ?? !selection.AnyRealProvider;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var simulator = new QuoteSimulator(settings.Seed, settings.JumpsPerDay);
        LogStarting(universe.Symbols.Count, settings.Interval, settings.MarketHoursOnly);

        using var timer = new PeriodicTimer(settings.Interval, time);
        var last = time.GetUtcNow();
        do
        {
            var now = time.GetUtcNow();
            var elapsed = now - last;
            last = now;
            if (settings.MarketHoursOnly && !UsMarket.IsOpen(now))
            {
                continue;
            }

            foreach (var symbol in universe.Symbols)
            {
                intake.Fetched(Name);
                await intake.EmitAsync(Name, simulator.Next(symbol, elapsed, now), cancellationToken);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulating {Count} symbols every {Interval} (market hours only: {MarketHoursOnly})")]
    private partial void LogStarting(int count, TimeSpan interval, bool marketHoursOnly);
}
