namespace StockMonitor.Ingestion.Symbols;

/// <summary>The configured symbols (<c>STOCKMONITOR_SYMBOLS</c>, comma-separated).</summary>
public sealed class SymbolOptions
{
    public const string Variable = "STOCKMONITOR_SYMBOLS";

    /// <summary>A dozen well-known US tickers.</summary>
    public static readonly IReadOnlyList<string> Defaults =
        ["AAPL", "MSFT", "AMZN", "GOOGL", "META", "NVDA", "TSLA", "JPM", "V", "JNJ", "WMT", "BRK.B"];

    public IReadOnlyList<string> Symbols { get; set; } = Defaults;

    public static IReadOnlyList<string>? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => s.ToUpperInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToList();
}
