using StockMonitor.Contracts.Pricing;

namespace StockMonitor.Dashboard.Market;

/// <summary>
/// A symbol's newest price as the dashboard shows it. <paramref name="High"/>, <paramref name="Low"/> and
/// <paramref name="Volume"/> are the source's day figures; <paramref name="ReceivedAt"/> is when this dashboard
/// instance learned of the price (for freshness, and for measuring the dashboard's own share of the latency).
/// </summary>
/// <param name="ChangePercent">Percent units: 1.25 means +1.25 %.</param>
public sealed record SymbolQuote(
    string Symbol,
    decimal Price,
    string? Currency,
    decimal? PreviousClose,
    decimal? Change,
    decimal? ChangePercent,
    decimal? High,
    decimal? Low,
    decimal? Volume,
    DateTimeOffset ObservedAt,
    DateTimeOffset ReceivedAt)
{
    public static SymbolQuote From(PriceChanged changed, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(changed);
        return new(
            changed.Symbol,
            changed.Price,
            changed.Currency,
            changed.PreviousClose,
            changed.Change,
            changed.ChangePercent,
            changed.High,
            changed.Low,
            changed.Volume,
            changed.ObservedAt,
            receivedAt);
    }
}
