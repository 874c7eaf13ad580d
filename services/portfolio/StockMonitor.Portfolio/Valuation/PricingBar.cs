namespace StockMonitor.Portfolio.Valuation;

/// <summary>The fields of a pricing bar (<c>GET /api/quotes/{symbol}/bars</c>) that valuation needs: its bucket start and close.</summary>
public sealed record PricingBar(DateTimeOffset Time, decimal Close);
