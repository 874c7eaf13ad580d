using System.Globalization;
using System.Text;
using System.Text.Json;
using StockMonitor.Markets;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// Reads <c>GLOBAL_QUOTE</c> and <c>REALTIME_BULK_QUOTES</c> answers. Every value arrives as a string and is
/// parsed exactly (decimal, invariant culture). <c>Note</c>/<c>Information</c> notices are recognised before anything
/// else, since they come with HTTP 200, and told apart: a function the plan lacks ("This is a premium endpoint…")
/// from a request limit ("Our standard API rate limit is…", "…call frequency is…").
/// </summary>
public static class AlphaVantageParser
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    // Looked for first: a premium notice may also name a plan's requests per minute; a rate-limit notice may invite
    // the reader to the premium plans, but never says the function itself is premium.
    private static readonly string[] EntitlementMarkers = ["premium endpoint", "premium function", "premium api function", "premium feature", "unlock", "entitle"];

    private static readonly string[] RateLimitMarkers = ["rate limit", "call frequency", "requests per", "calls per", "per minute", "per second", "per day", "spreading out", "slow down", "burst"];
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    public static AlphaVantageResponse ParseGlobalQuote(ReadOnlyMemory<byte> body) => Parse(body, ReadGlobalQuote);

    public static AlphaVantageResponse ParseBulkQuotes(ReadOnlyMemory<byte> body) => Parse(body, ReadBulkQuotes);

    private static AlphaVantageResponse Parse(ReadOnlyMemory<byte> body, Func<JsonElement, AlphaVantageResponse> read)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return AlphaVantageResponse.Malformed("empty answer");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return AlphaVantageResponse.Malformed($"not JSON ({ex.Message}): {Snippet(body.Span)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return AlphaVantageResponse.Malformed($"expected a JSON object, got {root.ValueKind}");
            }

            foreach (var key in (string[])["Note", "Information"])
            {
                if (root.TryGetProperty(key, out var message))
                {
                    var text = Text(message);
                    return new AlphaVantageResponse(ClassifyNotice(text), text);
                }
            }

            if (root.TryGetProperty("Error Message", out var error))
            {
                return new AlphaVantageResponse(AlphaVantageResponseKind.ErrorMessage, Text(error));
            }

            return read(root);
        }
    }

    private static AlphaVantageResponse ReadGlobalQuote(JsonElement root)
    {
        if (!root.TryGetProperty("Global Quote", out var quote) || quote.ValueKind != JsonValueKind.Object)
        {
            return AlphaVantageResponse.Malformed("no \"Global Quote\" object in the answer");
        }

        if (!quote.EnumerateObject().Any())
        {
            return new AlphaVantageResponse(AlphaVantageResponseKind.NoQuote, "empty \"Global Quote\"");
        }

        var fields = new FieldReader(quote);
        var symbol = fields.String("01. symbol") ?? string.Empty;
        var open = fields.Decimal("02. open");
        var high = fields.Decimal("03. high");
        var low = fields.Decimal("04. low");
        var price = fields.Decimal("05. price", required: true);
        var volume = fields.Decimal("06. volume");
        var day = fields.Day("07. latest trading day");
        var previousClose = fields.Decimal("08. previous close");
        var change = fields.Decimal("09. change");
        var changePercent = fields.Decimal("10. change percent", percent: true);
        return fields.Problem is { } problem
            ? AlphaVantageResponse.Malformed(problem)
            : new AlphaVantageResponse(AlphaVantageResponseKind.Quotes)
            {
                Quotes = [new AlphaVantageQuote(symbol, price!.Value, open, high, low, previousClose, volume, change, changePercent, day!.Value)],
            };
    }

    /// <summary>What a <c>Note</c>/<c>Information</c> notice means; unrecognised wording is a plain <see cref="AlphaVantageResponseKind.Notice"/>.</summary>
    public static AlphaVantageResponseKind ClassifyNotice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Mentions(text, EntitlementMarkers) ? AlphaVantageResponseKind.NotEntitled
            : Mentions(text, RateLimitMarkers) ? AlphaVantageResponseKind.Throttled
            : AlphaVantageResponseKind.Notice;
    }

    private static bool Mentions(string text, string[] markers) => markers.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static AlphaVantageResponse ReadBulkQuotes(JsonElement root)
    {
        // Without the entitlement the answer may carry sample data, with a "message" saying why: never emit that.
        if (root.TryGetProperty("message", out var bulkMessage) && bulkMessage.ValueKind == JsonValueKind.String
            && Text(bulkMessage) is var said && ClassifyNotice(said) == AlphaVantageResponseKind.NotEntitled)
        {
            return new AlphaVantageResponse(AlphaVantageResponseKind.NotEntitled, said);
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return AlphaVantageResponse.Malformed("no \"data\" array in the answer");
        }

        var quotes = new List<AlphaVantageQuote>();
        var problems = new List<BulkItemProblem>();
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new BulkItemProblem(null, $"entry is {item.ValueKind}, not an object"));
                continue;
            }

            var fields = new FieldReader(item);
            var symbol = fields.String("symbol");
            if (string.IsNullOrWhiteSpace(symbol))
            {
                problems.Add(new BulkItemProblem(null, "entry without \"symbol\""));
                continue;
            }

            var timestamp = fields.Timestamp("timestamp");
            var open = fields.Decimal("open");
            var high = fields.Decimal("high");
            var low = fields.Decimal("low");
            var price = fields.Decimal("close", required: true);
            var volume = fields.Decimal("volume");
            var previousClose = fields.Decimal("previous_close");
            var change = fields.Decimal("change");
            var changePercent = fields.Decimal("change_percent", percent: true);
            if (fields.Problem is { } problem)
            {
                problems.Add(new BulkItemProblem(symbol, problem));
                continue;
            }

            quotes.Add(new AlphaVantageQuote(
                symbol, price!.Value, open, high, low, previousClose, volume, change, changePercent, UsMarket.TradingDay(timestamp!.Value), timestamp));
        }

        return new AlphaVantageResponse(AlphaVantageResponseKind.Quotes) { Quotes = quotes, Problems = problems };
    }

    private static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText();

    /// <summary>The start of an unreadable answer, on one line, for the log.</summary>
    internal static string Snippet(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]);
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 80 ? $"'{line}'" : $"'{line[..80]}…'";
    }

    /// <summary>Reads string-valued fields of one object, keeping the first problem met.</summary>
    private sealed class FieldReader(JsonElement item)
    {
        public string? Problem { get; private set; }

        public string? String(string name) =>
            item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public decimal? Decimal(string name, bool required = false, bool percent = false)
        {
            var text = Raw(name, required);
            if (text is null)
            {
                return null;
            }

            if (percent && text.EndsWith('%'))
            {
                text = text[..^1];
            }

            if (decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Fail($"\"{name}\" is not a number: '{Short(text)}'");
            return null;
        }

        public DateOnly? Day(string name)
        {
            var text = Raw(name, required: true);
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            Fail($"\"{name}\" is not a date (yyyy-MM-dd): '{Short(text)}'");
            return null;
        }

        /// <summary>A naive US/Eastern time, with or without a fraction of a second, as UTC.</summary>
        public DateTimeOffset? Timestamp(string name)
        {
            var text = Raw(name, required: true);
            if (text is null)
            {
                return null;
            }

            if (DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var eastern))
            {
                return UsMarket.FromEastern(eastern);
            }

            Fail($"\"{name}\" is not a time (yyyy-MM-dd HH:mm:ss[.fff]): '{Short(text)}'");
            return null;
        }

        // A value may be a JSON string (as documented) or a number; empty or missing means "not reported".
        private string? Raw(string name, bool required)
        {
            string? text = null;
            if (item.TryGetProperty(name, out var value))
            {
                text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()?.Trim(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => Invalid(value),
                };
            }

            if (string.IsNullOrEmpty(text))
            {
                if (required)
                {
                    Fail($"\"{name}\" is missing");
                }

                return null;
            }

            return text;

            string? Invalid(JsonElement v)
            {
                Fail($"\"{name}\" is {v.ValueKind}, not a string");
                return null;
            }
        }

        private void Fail(string problem) => Problem ??= problem;

        private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
