using System.Text.Json;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Reads Finnhub's REST quote, <c>{"c":..,"d":..,"dp":..,"h":..,"l":..,"o":..,"pc":..,"t":..}</c> (<c>t</c> in Unix
/// seconds), into the reference of a trading day. Which field is the previous close depends on the day of the
/// snapshot: taken during that day, <c>pc</c> is the close before it and o/h/l are the day's; taken before the
/// day's session started (pre-market, weekend), the snapshot still describes the last session, so its <c>c</c>
/// is the close before the day and there is no open, high or low yet.
/// </summary>
public static class FinnhubReferenceParser
{
    public static FinnhubReferenceResult Parse(string body, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return FinnhubReferenceResult.Failed(FailureReason.MalformedResponse, $"quote is not JSON: {FinnhubSnippet.Of(body)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return FinnhubReferenceResult.Failed(FailureReason.MalformedResponse, $"quote is not a JSON object: {FinnhubSnippet.Of(body)}");
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return FinnhubReferenceResult.Failed(FailureReason.ProviderError, error.GetString() ?? string.Empty);
            }

            var current = Number(root, "c");
            var previousClose = Number(root, "pc");
            long? seconds = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var s) ? s : null;

            // Finnhub answers an unknown symbol with 200 and every field 0 (or null).
            if (current is null or 0 && previousClose is null or 0 && seconds is null or 0)
            {
                return FinnhubReferenceResult.Failed(FailureReason.UnknownSymbol, "Finnhub has no quote for the symbol (every field 0)");
            }

            if (seconds is not { } unix || unix <= 0 || unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return FinnhubReferenceResult.Failed(FailureReason.MalformedResponse, $"quote without a valid time \"t\": {FinnhubSnippet.Of(body)}");
            }

            var snapshotDay = UsMarket.TradingDay(DateTimeOffset.FromUnixTimeSeconds(unix));
            if (snapshotDay < day)
            {
                return current is > 0
                    ? FinnhubReferenceResult.Loaded(new FinnhubDailyReference(day, current.Value, null, null, null), complete: false)
                    : FinnhubReferenceResult.Failed(FailureReason.MalformedResponse, $"quote of an earlier day without a positive \"c\": {FinnhubSnippet.Of(body)}");
            }

            return previousClose is > 0
                ? FinnhubReferenceResult.Loaded(
                    new FinnhubDailyReference(day, previousClose.Value, Positive(root, "o"), Positive(root, "h"), Positive(root, "l")),
                    complete: true)
                : FinnhubReferenceResult.Failed(FailureReason.MalformedResponse, $"quote without a positive previous close \"pc\": {FinnhubSnippet.Of(body)}");
        }
    }

    /// <summary>The field as an exact decimal (read from the JSON text, not through a double); null when absent or not a number.</summary>
    private static decimal? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) ? number : null;

    private static decimal? Positive(JsonElement root, string name) => Number(root, name) is > 0 and var value ? value : null;
}
