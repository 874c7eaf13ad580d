using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StockMonitor.Contracts.Quotes;

/// <summary>
/// Writes and reads <c>quote.v1</c> records (UTF-8 JSON). The producer and the bridge both use this
/// type, so what one writes the other accepts. Reading never throws on bad input: it says why.
/// </summary>
public static partial class QuoteRecordSerializer
{
    public const string Schema = "quote.v1";

    /// <summary>Largest price or volume we accept; anything beyond is a corrupt record, not a quote.</summary>
    private const decimal MaxValue = 1_000_000_000_000m;

    public static byte[] Serialize(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var record = new QuoteRecord
        {
            Schema = Schema,
            Symbol = quote.Symbol,
            Price = quote.Price,
            Currency = quote.Currency,
            Open = quote.Open,
            High = quote.High,
            Low = quote.Low,
            PreviousClose = quote.PreviousClose,
            Volume = quote.Volume,
            ObservedAt = FormatTimestamp(quote.ObservedAt),
            Source = quote.Source,
        };
        return JsonSerializer.SerializeToUtf8Bytes(record, QuoteRecordJsonContext.Default.QuoteRecord);
    }

    /// <summary>ISO-8601 in UTC with as many fractional digits as the value has (none to seven).</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads one record; on failure <paramref name="error"/> says what is wrong with it.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> data, [NotNullWhen(true)] out Quote? quote, [NotNullWhen(false)] out string? error)
    {
        quote = null;
        QuoteRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(data, QuoteRecordJsonContext.Default.QuoteRecord);
        }
        catch (JsonException ex)
        {
            error = ex.Path is { Length: > 1 }
                ? $"invalid JSON at {ex.Path}: {FirstSentence(ex.Message)}"
                : $"not valid JSON: {FirstSentence(ex.Message)}";
            return false;
        }

        error = Validate(record, out var observedAt);
        if (error is not null)
        {
            return false;
        }

        quote = new Quote(
            record!.Symbol!,
            record.Price!.Value,
            record.Currency,
            record.Open,
            record.High,
            record.Low,
            record.PreviousClose,
            record.Volume,
            observedAt,
            record.Source!);
        return true;
    }

    /// <summary>Whether <paramref name="symbol"/> is a valid ticker: upper case, 1–12 of A–Z 0–9 . - ^.</summary>
    public static bool IsValidSymbol([NotNullWhen(true)] string? symbol) => symbol is not null && SymbolPattern().IsMatch(symbol);

    private static string? Validate(QuoteRecord? record, out DateTimeOffset observedAt)
    {
        observedAt = default;
        if (record is null)
        {
            return "record is JSON null";
        }

        if (record.Schema != Schema)
        {
            return record.Schema is null ? "schema is missing" : $"schema is '{record.Schema}', expected '{Schema}'";
        }

        if (!IsValidSymbol(record.Symbol))
        {
            return record.Symbol is null ? "symbol is missing" : $"symbol '{Truncate(record.Symbol)}' is not 1-12 of A-Z 0-9 . - ^";
        }

        if (record.Price is not { } price)
        {
            return "price is missing";
        }

        if (price is <= 0 or > MaxValue)
        {
            return $"price {price.ToString(CultureInfo.InvariantCulture)} is not a positive amount";
        }

        foreach (var (name, value) in new[] { ("open", record.Open), ("high", record.High), ("low", record.Low), ("previousClose", record.PreviousClose) })
        {
            if (value is <= 0 or > MaxValue)
            {
                return $"{name} {value.Value.ToString(CultureInfo.InvariantCulture)} is not a positive amount";
            }
        }

        if (record.Volume is < 0 or > MaxValue * 1000)
        {
            return $"volume {record.Volume.Value.ToString(CultureInfo.InvariantCulture)} is out of range";
        }

        if (record.Currency is not null && !CurrencyPattern().IsMatch(record.Currency))
        {
            return $"currency '{Truncate(record.Currency)}' is not an ISO 4217 code";
        }

        if (record.ObservedAt is null)
        {
            return "observedAt is missing";
        }

        if (!OffsetPattern().IsMatch(record.ObservedAt)
            || !DateTimeOffset.TryParse(record.ObservedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out observedAt))
        {
            return $"observedAt '{Truncate(record.ObservedAt)}' is not an ISO-8601 time with an offset";
        }

        observedAt = observedAt.ToUniversalTime();
        return string.IsNullOrWhiteSpace(record.Source) ? "source is missing" : null;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^[A-Z0-9.\-^]{1,12}$")]
    private static partial Regex SymbolPattern();

    [GeneratedRegex(@"^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    // ISO-8601 date and time (the time part required) ending in Z or ±hh:mm.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();
}
