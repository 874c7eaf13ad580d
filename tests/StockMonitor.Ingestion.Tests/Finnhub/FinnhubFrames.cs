using System.Globalization;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>Trade-stream messages in Finnhub's documented format, with prices written exactly as given.</summary>
internal static class FinnhubFrames
{
    public const string Ping = """{"type":"ping"}""";

    public const string Pong = """{"type":"pong"}""";

    /// <summary>What the client sends to subscribe to <paramref name="symbol"/>.</summary>
    public static string Subscribe(string symbol) => $$"""{"type":"subscribe","symbol":"{{symbol}}"}""";

    /// <summary>What the client sends to unsubscribe from <paramref name="symbol"/>.</summary>
    public static string Unsubscribe(string symbol) => $$"""{"type":"unsubscribe","symbol":"{{symbol}}"}""";

    public static string Trades(params (string Symbol, string Price, DateTimeOffset At)[] trades) =>
        """{"type":"trade","data":[""" + string.Join(",", trades.Select(t => Trade(t.Symbol, t.Price, t.At))) + "]}";

    public static string Trade(string symbol, string price, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"s":"{{symbol}}","p":{{price}},"t":{{at.ToUnixTimeMilliseconds()}},"v":100,"c":["1","8"]}""");

    /// <summary>A time a few seconds ago, to the millisecond (what Finnhub's <c>t</c> carries).</summary>
    public static DateTimeOffset RecentTradeTime() =>
        DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds());
}
