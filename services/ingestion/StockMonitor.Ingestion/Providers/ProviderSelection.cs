namespace StockMonitor.Ingestion.Providers;

/// <summary>Which real providers configuration turned on; the simulator runs by default only when none is.</summary>
public sealed record ProviderSelection(bool AlphaVantage, bool Finnhub, bool Replay)
{
    public bool AnyRealProvider => AlphaVantage || Finnhub || Replay;

    public static ProviderSelection FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(
            !string.IsNullOrWhiteSpace(configuration["ALPHAVANTAGE_API_KEY"]),
            !string.IsNullOrWhiteSpace(configuration["FINNHUB_API_KEY"]),
            !string.IsNullOrWhiteSpace(configuration["Replay:File"]));
    }
}
