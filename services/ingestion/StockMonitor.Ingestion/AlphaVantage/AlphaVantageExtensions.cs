using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.AlphaVantage;

public static class AlphaVantageExtensions
{
    /// <summary>Registers the Alpha Vantage provider, its options (validated on start) and its HTTP client.</summary>
    public static void AddAlphaVantage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AlphaVantageOptions>().BindConfiguration(AlphaVantageOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ApplyVariables(configuration))
            .Validate(o => AlphaVantagePlan.TryParse(o.Plan, out _), $"{AlphaVantageOptions.PlanVariable} must be 'free' or the requests per minute of a premium key")
            .Validate(o => o.BaseUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp), $"{AlphaVantageOptions.BaseUrlVariable} must be an absolute http(s) URL")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "AlphaVantage:RequestTimeout must be positive")
            .Validate(o => o.BulkBatchSize is > 0 and <= AlphaVantageOptions.MaxBulkBatchSize, "AlphaVantage:BulkBatchSize must be 1-100")
            .Validate(o => !o.UseBulkQuotes || o.ParsedPlan.IsPremium, $"AlphaVantage:BulkQuotes needs a premium key ({AlphaVantageOptions.PlanVariable} = requests per minute)")
            .Validate(o => o.UnknownSymbolPark > TimeSpan.Zero, "AlphaVantage:UnknownSymbolPark must be positive")
            .Validate(o => o.ThrottleBackoff > TimeSpan.Zero && o.MaxThrottleBackoff >= o.ThrottleBackoff, "AlphaVantage:ThrottleBackoff must be positive and at most AlphaVantage:MaxThrottleBackoff")
            .Validate(o => o.FailureBackoff > TimeSpan.Zero && o.MaxFailureBackoff >= o.FailureBackoff, "AlphaVantage:FailureBackoff must be positive and at most AlphaVantage:MaxFailureBackoff")
            .Validate(o => o.BulkRetryInterval > TimeSpan.Zero, "AlphaVantage:BulkRetryInterval must be positive")
            .Validate(o => o.MinSymbolInterval >= TimeSpan.Zero, "AlphaVantage:MinSymbolInterval must not be negative")
            .ValidateOnStart();

        // The budget is enforced by the poller's token bucket and each call by its own timeout, so the client's
        // own timeout is off.
        builder.Services.AddHttpClient(AlphaVantageClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<AlphaVantageClient>();
        builder.Services.AddSingleton<AlphaVantagePoller>();
        builder.Services.AddSingleton<IQuoteProvider, AlphaVantageProvider>();
    }
}
