using System.Globalization;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Ingestion.Replay;

/// <summary>
/// Reads historical ticks or bars from CSV. The first line names the columns (any order, case-insensitive):
/// <list type="bullet">
/// <item><c>timestamp</c> (required): ISO-8601 with an offset, e.g. <c>2026-11-27T14:30:00Z</c>;</item>
/// <item><c>symbol</c> (required);</item>
/// <item><c>price</c>, or <c>close</c> for bars (one of them required);</item>
/// <item><c>open</c>, <c>high</c>, <c>low</c>, <c>previous_close</c>, <c>volume</c> (cumulative day volume), <c>currency</c> (optional).</item>
/// </list>
/// Fields are separated by commas and not quoted; rows are in time order. Numbers use a dot as decimal
/// separator. A bad row is reported with its line number and skipped.
/// </summary>
public static class ReplayCsv
{
    private static readonly string[] PriceColumns = ["price", "close"];

    public static async IAsyncEnumerable<ReplayRow> ReadAsync(TextReader reader, string source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = await reader.ReadLineAsync(cancellationToken)
            ?? throw new InvalidDataException("The replay file is empty: it needs a header line naming the columns.");
        var columns = header.Split(',').Select((name, index) => (Name: name.Trim().ToLowerInvariant(), index)).ToDictionary(c => c.Name, c => c.index, StringComparer.Ordinal);
        if (!columns.ContainsKey("timestamp") || !columns.ContainsKey("symbol") || !PriceColumns.Any(columns.ContainsKey))
        {
            throw new InvalidDataException($"The replay header '{header}' must name timestamp, symbol and price (or close).");
        }

        var priceColumn = columns.ContainsKey("price") ? "price" : "close";
        var line = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return Parse(line, text.Split(','), columns, priceColumn, source);
        }
    }

    private static ReplayRow Parse(int line, string[] fields, Dictionary<string, int> columns, string priceColumn, string source)
    {
        string? Field(string name) => columns.TryGetValue(name, out var i) && i < fields.Length && fields[i].Trim() is { Length: > 0 } v ? v : null;

        if (fields.Length != columns.Count)
        {
            return new ReplayRow(line, null, $"{fields.Length} fields where the header names {columns.Count}");
        }

        if (!QuoteRecordSerializer.TryParseTimestamp(Field("timestamp"), out var timestamp))
        {
            return new ReplayRow(line, null, $"timestamp '{Field("timestamp")}' is not an ISO-8601 time with an offset");
        }

        var numbers = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var name in new[] { priceColumn, "open", "high", "low", "previous_close", "volume" })
        {
            var value = Field(name);
            if (value is null)
            {
                numbers[name] = null;
            }
            else if (decimal.TryParse(value, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
            {
                numbers[name] = number;
            }
            else
            {
                return new ReplayRow(line, null, $"{name} '{value}' is not a number");
            }
        }

        if (numbers[priceColumn] is not { } price)
        {
            return new ReplayRow(line, null, $"{priceColumn} is missing");
        }

        var quote = new Quote(
            Field("symbol")?.ToUpperInvariant() ?? "",
            price,
            Field("currency")?.ToUpperInvariant(),
            numbers["open"],
            numbers["high"],
            numbers["low"],
            numbers["previous_close"],
            numbers["volume"],
            timestamp,
            source);
        return QuoteValidation.Validate(quote) is { } error ? new ReplayRow(line, null, error) : new ReplayRow(line, quote, null);
    }
}
