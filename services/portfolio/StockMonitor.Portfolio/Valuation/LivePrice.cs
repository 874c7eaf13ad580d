namespace StockMonitor.Portfolio.Valuation;

/// <summary>A symbol's latest price as pricing announced it.</summary>
public sealed record LivePrice(string Symbol, decimal Price, decimal? PreviousClose, DateTimeOffset ObservedAt);
