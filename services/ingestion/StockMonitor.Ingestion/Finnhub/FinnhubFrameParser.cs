using System.Text;
using System.Text.Json;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Reads the messages of the Finnhub trade stream. Prices are read from the JSON text as decimals, never through
/// a double, so <c>122.1</c> stays exactly 122.1. Nothing here throws on bad input: a bad frame or entry comes
/// back as a value that says what is wrong.
/// </summary>
public static class FinnhubFrameParser
{
    /// <summary>Largest Unix-millisecond time a <see cref="DateTimeOffset"/> can hold.</summary>
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static FinnhubFrame Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    public static FinnhubFrame Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            return new FinnhubMalformedFrame($"not JSON ({ex.Message}): {FinnhubSnippet.Of(utf8.Span)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type)
                || type.ValueKind != JsonValueKind.String)
            {
                return new FinnhubMalformedFrame($"not a Finnhub message (no \"type\"): {FinnhubSnippet.Of(utf8.Span)}");
            }

            return type.GetString() switch
            {
                "trade" => ParseTrades(root, utf8.Span),
                "ping" => FinnhubPingFrame.Instance,
                "error" => new FinnhubErrorFrame(
                    OptionalString(root, "msg") ?? "(error without a message)",
                    OptionalString(root, "symbol")),
                var other => new FinnhubIgnoredFrame(other ?? string.Empty),
            };
        }
    }

    private static FinnhubFrame ParseTrades(JsonElement root, ReadOnlySpan<byte> utf8)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return new FinnhubMalformedFrame($"trade message without a \"data\" array: {FinnhubSnippet.Of(utf8)}");
        }

        var trades = new List<FinnhubTrade>(data.GetArrayLength());
        var rejected = new List<FinnhubRejectedTrade>();
        foreach (var entry in data.EnumerateArray())
        {
            if (TryReadTrade(entry, out var trade, out var problem))
            {
                trades.Add(trade);
            }
            else
            {
                rejected.Add(problem);
            }
        }

        return new FinnhubTradeFrame(trades, rejected);
    }

    private static bool TryReadTrade(JsonElement entry, out FinnhubTrade trade, out FinnhubRejectedTrade problem)
    {
        trade = null!;
        problem = null!;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            problem = new(null, $"trade entry is not an object: {FinnhubSnippet.Of(entry.GetRawText())}");
            return false;
        }

        var symbol = OptionalString(entry, "s");
        if (string.IsNullOrEmpty(symbol))
        {
            problem = new(null, $"trade without a symbol \"s\": {FinnhubSnippet.Of(entry.GetRawText())}");
            return false;
        }

        if (!entry.TryGetProperty("p", out var p))
        {
            problem = new(symbol, "trade without a price \"p\"");
            return false;
        }

        if (p.ValueKind != JsonValueKind.Number || !p.TryGetDecimal(out var price) || price <= 0)
        {
            problem = new(symbol, $"price \"p\" {FinnhubSnippet.Of(p.GetRawText())} is not a positive decimal number");
            return false;
        }

        if (!entry.TryGetProperty("t", out var t))
        {
            problem = new(symbol, "trade without a time \"t\"");
            return false;
        }

        if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out var milliseconds) || milliseconds <= 0 || milliseconds > MaxUnixMilliseconds)
        {
            problem = new(symbol, $"time \"t\" {FinnhubSnippet.Of(t.GetRawText())} is not a Unix time in milliseconds");
            return false;
        }

        trade = new FinnhubTrade(symbol, price, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        return true;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
