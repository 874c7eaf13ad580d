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

        error = ReadStructure(record, out var observedAt);
        if (error is not null)
        {
            return false;
        }

        var candidate = new Quote(
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
        error = QuoteValidation.Validate(candidate);
        if (error is not null)
        {
            return false;
        }

        quote = candidate;
        return true;
    }

    /// <summary>Parses an ISO-8601 date and time that carries its offset (<c>Z</c> or ±hh:mm) and returns it in UTC.</summary>
    public static bool TryParseTimestamp(string? value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (value is null || !OffsetPattern().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out timestamp))
        {
            return false;
        }

        timestamp = timestamp.ToUniversalTime();
        return true;
    }

    /// <summary>Whether <paramref name="symbol"/> is a valid ticker: upper case, 1–12 of A–Z 0–9 . - ^.</summary>
    public static bool IsValidSymbol([NotNullWhen(true)] string? symbol) => QuoteValidation.IsValidSymbol(symbol);

    /// <summary>What the record format itself requires; the values are checked by <see cref="QuoteValidation"/>.</summary>
    private static string? ReadStructure(QuoteRecord? record, out DateTimeOffset observedAt)
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

        if (record.Symbol is null)
        {
            return "symbol is missing";
        }

        if (record.Price is null)
        {
            return "price is missing";
        }

        if (record.ObservedAt is null)
        {
            return "observedAt is missing";
        }

        if (!TryParseTimestamp(record.ObservedAt, out observedAt))
        {
            return $"observedAt '{QuoteValidation.Truncate(record.ObservedAt)}' is not an ISO-8601 time with an offset";
        }

        return record.Source is null ? "source is missing" : null;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    // ISO-8601 date and time (the time part required) ending in Z or ±hh:mm.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();
}
