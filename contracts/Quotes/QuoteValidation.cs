using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StockMonitor.Contracts.Quotes;

/// <summary>
/// The value rules every quote obeys, whoever produced it: the bridge applies them to records read from
/// Kinesis, ingestion to what providers return before anything reaches Kinesis.
/// </summary>
public static partial class QuoteValidation
{
    /// <summary>Largest price we accept; anything beyond is corrupt data, not a quote.</summary>
    public const decimal MaxPrice = 1_000_000_000_000m;

    /// <summary>Largest volume we accept.</summary>
    public const decimal MaxVolume = MaxPrice * 1000;

    /// <summary>
    /// How far an observation time may be ahead of the clock that received the quote (clock skew) before the quote is
    /// rejected. One far-future quote would otherwise stay a symbol's latest and make every real one look older.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="symbol"/> is a valid ticker: upper case, 1–12 of A–Z 0–9 . - ^.</summary>
    public static bool IsValidSymbol([NotNullWhen(true)] string? symbol) => symbol is not null && SymbolPattern().IsMatch(symbol);

    /// <summary>Null when <paramref name="quote"/> is valid, otherwise what is wrong with it.</summary>
    public static string? Validate(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (!IsValidSymbol(quote.Symbol))
        {
            return quote.Symbol is null ? "symbol is missing" : $"symbol '{Truncate(quote.Symbol)}' is not 1-12 of A-Z 0-9 . - ^";
        }

        if (quote.Price is <= 0 or > MaxPrice)
        {
            return $"price {Format(quote.Price)} is not a positive amount";
        }

        foreach (var (name, value) in new[] { ("open", quote.Open), ("high", quote.High), ("low", quote.Low), ("previousClose", quote.PreviousClose) })
        {
            if (value is <= 0 or > MaxPrice)
            {
                return $"{name} {Format(value.Value)} is not a positive amount";
            }
        }

        if (quote.Volume is < 0 or > MaxVolume)
        {
            return $"volume {Format(quote.Volume.Value)} is out of range";
        }

        if (quote.Currency is not null && !CurrencyPattern().IsMatch(quote.Currency))
        {
            return $"currency '{Truncate(quote.Currency)}' is not an ISO 4217 code";
        }

        if (quote.ObservedAt.Year < 1970)
        {
            return $"observedAt {quote.ObservedAt:O} is not a plausible time";
        }

        return string.IsNullOrWhiteSpace(quote.Source) ? "source is missing" : null;
    }

    /// <summary>
    /// Null when <paramref name="quote"/> is valid and observed at most <see cref="MaxClockSkew"/> after
    /// <paramref name="receivedAt"/> (when it reached us), otherwise what is wrong with it.
    /// </summary>
    public static string? Validate(Quote quote, DateTimeOffset receivedAt) => Validate(quote) ?? ValidateObservedAt(quote, receivedAt);

    /// <summary>Null unless <paramref name="quote"/> was observed more than <see cref="MaxClockSkew"/> after <paramref name="receivedAt"/>.</summary>
    public static string? ValidateObservedAt(Quote quote, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return quote.ObservedAt > receivedAt + MaxClockSkew
            ? $"observedAt {QuoteRecordSerializer.FormatTimestamp(quote.ObservedAt)} is in the future"
            : null;
    }

    internal static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Z0-9.\-^]{1,12}$")]
    private static partial Regex SymbolPattern();

    [GeneratedRegex(@"^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
