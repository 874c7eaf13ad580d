namespace StockMonitor.Contracts.Quotes;

/// <summary>One observation of a symbol's price, as carried by a <c>quote.v1</c> Kinesis record.</summary>
/// <param name="Symbol">Upper-case ticker, 1–12 of A–Z 0–9 <c>.</c> <c>-</c> <c>^</c>.</param>
/// <param name="Price">Last price; always greater than zero.</param>
/// <param name="Volume">Cumulative volume of the trading day when the source reports it.</param>
/// <param name="ObservedAt">When the source observed the price (UTC).</param>
/// <param name="Source">Which provider produced it: simulator, alphavantage, finnhub, replay.</param>
public sealed record Quote(
    string Symbol,
    decimal Price,
    string? Currency,
    decimal? Open,
    decimal? High,
    decimal? Low,
    decimal? PreviousClose,
    decimal? Volume,
    DateTimeOffset ObservedAt,
    string Source);
