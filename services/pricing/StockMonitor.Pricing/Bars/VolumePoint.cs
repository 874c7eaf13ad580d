namespace StockMonitor.Pricing.Bars;

/// <summary>A tick that carries the cumulative day volume: where volume deltas start and end.</summary>
public sealed record VolumePoint(string OrderKey, decimal Price, decimal Volume);
