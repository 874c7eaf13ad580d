using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>Answers in Alpha Vantage's documented shapes, for the fake server.</summary>
internal static class AlphaVantageAnswers
{
    public static string GlobalQuote(string symbol, decimal price, decimal volume, DateOnly day) => JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
    {
        ["Global Quote"] = new()
        {
            ["01. symbol"] = symbol,
            ["02. open"] = Format(price - 1),
            ["03. high"] = Format(price + 1),
            ["04. low"] = Format(price - 2),
            ["05. price"] = Format(price),
            ["06. volume"] = volume.ToString(CultureInfo.InvariantCulture),
            ["07. latest trading day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["08. previous close"] = Format(price - 0.5m),
            ["09. change"] = "0.5000",
            ["10. change percent"] = "0.5000%",
        },
    });

    public static string Bulk(IEnumerable<(string Symbol, string Close, DateTime EasternTime)> quotes) => JsonSerializer.Serialize(new
    {
        endpoint = "Realtime Bulk Quotes",
        message = string.Empty,
        data = quotes.Select(q => new Dictionary<string, string>
        {
            ["symbol"] = q.Symbol,
            ["timestamp"] = q.EasternTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            ["open"] = "100.0000",
            ["high"] = "120.0000",
            ["low"] = "90.0000",
            ["close"] = q.Close,
            ["volume"] = "123456",
            ["previous_close"] = "99.0000",
            ["change"] = "1.0000",
            ["change_percent"] = "1.0101",
        }).ToList(),
    });

    public static async Task WriteAsync(HttpContext context, string body, int status = StatusCodes.Status200OK, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static string Format(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
