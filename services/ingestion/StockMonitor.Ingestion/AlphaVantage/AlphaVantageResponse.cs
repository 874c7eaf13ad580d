namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>A parsed Alpha Vantage answer: its <see cref="Kind"/>, the source's or our own explanation, and what it held.</summary>
public sealed record AlphaVantageResponse(AlphaVantageResponseKind Kind, string? Message = null)
{
    public IReadOnlyList<AlphaVantageQuote> Quotes { get; init; } = [];

    /// <summary>Bulk entries that could not be read; the other entries are still usable.</summary>
    public IReadOnlyList<BulkItemProblem> Problems { get; init; } = [];

    public static AlphaVantageResponse Malformed(string problem) => new(AlphaVantageResponseKind.Malformed, problem);
}
