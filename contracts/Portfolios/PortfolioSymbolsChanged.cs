namespace StockMonitor.Contracts.Portfolios;

/// <summary>
/// The full set of symbols a portfolio holds or watches after a change. It carries the whole set rather
/// than a delta, so a consumer that misses or reorders one message still converges on the latest state.
/// </summary>
/// <param name="Version">The portfolio stream version the set was computed at; newer wins.</param>
public sealed record PortfolioSymbolsChanged(
    Guid PortfolioId,
    IReadOnlyList<string> Symbols,
    long Version,
    DateTimeOffset ChangedAt);
