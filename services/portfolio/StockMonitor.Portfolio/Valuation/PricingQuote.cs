namespace StockMonitor.Portfolio.Valuation;

/// <summary>The fields of pricing's latest quote (<c>GET /api/quotes</c>) that valuation needs; pricing sends more.</summary>
public sealed record PricingQuote(string Symbol, decimal Price, decimal? PreviousClose, DateTimeOffset ObservedAt);
