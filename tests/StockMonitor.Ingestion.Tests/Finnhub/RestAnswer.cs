using System.Globalization;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>How the fake Finnhub REST API answers <c>/quote</c> for one symbol.</summary>
internal sealed record RestAnswer(int Status, string ContentType, string Body, bool Hang = false)
{
    /// <summary>A quote as Finnhub documents it; <paramref name="at"/> is the snapshot time (<c>t</c>, Unix seconds).</summary>
    public static RestAnswer Quote(decimal current, decimal previousClose, decimal open, decimal high, decimal low, DateTimeOffset at) =>
        new(200, "application/json", string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"c":{{current}},"d":{{current - previousClose}},"dp":1.5,"h":{{high}},"l":{{low}},"o":{{open}},"pc":{{previousClose}},"t":{{at.ToUnixTimeSeconds()}}}"""));

    /// <summary>What Finnhub answers for a symbol it does not know.</summary>
    public static RestAnswer Unknown { get; } = new(200, "application/json", """{"c":0,"d":null,"dp":null,"h":0,"l":0,"o":0,"pc":0,"t":0}""");

    public static RestAnswer ServerError { get; } = new(503, "text/plain", "Service Unavailable");

    /// <summary>A 200 with an HTML page, as a captive portal or a broken proxy would send.</summary>
    public static RestAnswer Html { get; } = new(200, "text/html", "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>");

    /// <summary>Never answers; the client has to give up.</summary>
    public static RestAnswer Silent { get; } = new(200, "application/json", string.Empty, Hang: true);
}
