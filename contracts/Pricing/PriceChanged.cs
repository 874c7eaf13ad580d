namespace StockMonitor.Contracts.Pricing;

/// <summary>Published by pricing for every accepted quote that is newer than the last one it stored.</summary>
/// <param name="ChangePercent">Percent units: 1.25 means +1.25 %.</param>
/// <param name="High">The day's high as the source reported it with this quote; null when it reports none.</param>
/// <param name="Low">The day's low as the source reported it with this quote; null when it reports none.</param>
/// <param name="Volume">Cumulative volume of the trading day as the source reported it; null when it reports none.</param>
/// <param name="Currency">ISO 4217 code of the price, when the source names it.</param>
public sealed record PriceChanged(
    string Symbol,
    decimal Price,
    decimal? PreviousClose,
    decimal? Change,
    decimal? ChangePercent,
    DateTimeOffset ObservedAt,
    decimal? High = null,
    decimal? Low = null,
    decimal? Volume = null,
    string? Currency = null);
