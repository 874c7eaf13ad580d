using StockMonitor.Contracts.Quotes;
using StockMonitor.Markets;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// One quote as Alpha Vantage reports it, parsed exactly. <see cref="Timestamp"/> is set by
/// <c>REALTIME_BULK_QUOTES</c>; <c>GLOBAL_QUOTE</c> gives only the <see cref="TradingDay"/>.
/// </summary>
/// <param name="ChangePercent">In percent, as reported (<c>"0.6319%"</c> is 0.6319).</param>
public sealed record AlphaVantageQuote(
    string Symbol,
    decimal Price,
    decimal? Open,
    decimal? High,
    decimal? Low,
    decimal? PreviousClose,
    decimal? Volume,
    decimal? Change,
    decimal? ChangePercent,
    DateOnly TradingDay,
    DateTimeOffset? Timestamp = null)
{
    /// <summary>
    /// The timestamp when there is one; otherwise the close of the trading day, or <paramref name="now"/> while
    /// that day's session is still going (a past day's quote is its close).
    /// </summary>
    public DateTimeOffset ObservedAt(DateTimeOffset now)
    {
        if (Timestamp is { } timestamp)
        {
            return timestamp;
        }

        var close = UsMarket.CloseOf(TradingDay);
        return close < now ? close : now;
    }

    /// <summary>The quote to emit for <paramref name="symbol"/> (the symbol asked for; currency is not reported).</summary>
    public Quote ToQuote(string symbol, DateTimeOffset now, string source) =>
        new(symbol, Price, null, Open, High, Low, PreviousClose, Volume, ObservedAt(now), source);
}
