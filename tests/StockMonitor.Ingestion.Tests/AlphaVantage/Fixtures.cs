namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>The answers in <c>AlphaVantage/Fixtures</c>, written from the documented shapes.</summary>
internal static class Fixtures
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "AlphaVantage", "Fixtures", name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AlphaVantage", "Fixtures", name));
}
