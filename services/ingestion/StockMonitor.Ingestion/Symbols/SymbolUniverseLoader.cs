namespace StockMonitor.Ingestion.Symbols;

/// <summary>Loads the stored portfolio symbols into the universe before the providers start.</summary>
internal sealed partial class SymbolUniverseLoader(SymbolUniverseStore store, SymbolUniverse universe, ILogger<SymbolUniverseLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var entries = await store.LoadAllAsync(cancellationToken);
        foreach (var (portfolioId, version, symbols) in entries)
        {
            universe.Apply(portfolioId, symbols, version);
        }

        LogLoaded(universe.Symbols.Count, entries.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Symbol universe: {Count} symbols ({Portfolios} portfolios stored)")]
    private partial void LogLoaded(int count, int portfolios);
}
