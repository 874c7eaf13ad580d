using MassTransit;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Ingestion.Symbols;

/// <summary>Adds the symbols portfolios hold or watch to the universe, storing them first so a restart keeps them.</summary>
public sealed partial class PortfolioSymbolsChangedConsumer(SymbolUniverseStore store, SymbolUniverse universe, ILogger<PortfolioSymbolsChangedConsumer> logger)
    : IConsumer<PortfolioSymbolsChanged>
{
    public async Task Consume(ConsumeContext<PortfolioSymbolsChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var invalid = message.Symbols.Where(s => !QuoteValidation.IsValidSymbol(s)).ToList();
        if (invalid.Count > 0)
        {
            LogInvalidSymbols(message.PortfolioId, string.Join(", ", invalid));
        }

        var symbols = message.Symbols.Where(QuoteValidation.IsValidSymbol).Distinct(StringComparer.Ordinal).ToList();
        await store.SaveAsync(message.PortfolioId, message.Version, symbols, message.ChangedAt, context.CancellationToken);
        if (universe.Apply(message.PortfolioId, symbols, message.Version))
        {
            LogChanged(message.PortfolioId, universe.Symbols.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portfolio {PortfolioId} sent invalid symbols, ignored: {Symbols}")]
    private partial void LogInvalidSymbols(Guid portfolioId, string symbols);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portfolio {PortfolioId} changed the symbol universe: now {Count} symbols")]
    private partial void LogChanged(Guid portfolioId, int count);
}
