namespace StockMonitor.Portfolio.Portfolios.Events;

/// <summary>A split: every open lot's quantity is multiplied by <paramref name="Ratio"/> (2 for 2-for-1, 0.1 for 1-for-10), its total cost unchanged.</summary>
public sealed record StockSplit(Guid PortfolioId, string Symbol, decimal Ratio, DateTimeOffset EffectiveAt);
