namespace StockMonitor.Dashboard.Upstream;

/// <summary>A bar as the pricing API returns it (<c>time</c> = bucket start).</summary>
public sealed record PricingBar(DateTimeOffset Time, decimal Open, decimal High, decimal Low, decimal Close, decimal? Volume, int Count);
