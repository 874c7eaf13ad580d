namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// Settings of the Alpha Vantage provider (section <c>AlphaVantage</c>). The variables named by the issue win
/// when set: <c>ALPHAVANTAGE_API_KEY</c> (its presence turns the provider on), <c>ALPHAVANTAGE_BASE_URL</c>,
/// <c>ALPHAVANTAGE_PLAN</c>.
/// </summary>
public sealed class AlphaVantageOptions
{
    public const string SectionName = "AlphaVantage";
    public const string ApiKeyVariable = "ALPHAVANTAGE_API_KEY";
    public const string BaseUrlVariable = "ALPHAVANTAGE_BASE_URL";
    public const string PlanVariable = "ALPHAVANTAGE_PLAN";

    /// <summary>The most symbols one <c>REALTIME_BULK_QUOTES</c> call accepts.</summary>
    public const int MaxBulkBatchSize = 100;

    public string? ApiKey { get; set; }

    public Uri? BaseUrl { get; set; } = new("https://www.alphavantage.co");

    /// <summary><c>free</c> or the requests per minute of a premium key.</summary>
    public string Plan { get; set; } = "free";

    /// <summary>Longest wait for a whole answer (headers and body).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Use <c>REALTIME_BULK_QUOTES</c> (premium only); null: on exactly when the plan is premium.</summary>
    public bool? BulkQuotes { get; set; }

    /// <summary>Symbols per bulk call (at most 100).</summary>
    public int BulkBatchSize { get; set; } = MaxBulkBatchSize;

    /// <summary>How long a symbol the source does not know is left alone before it is tried again.</summary>
    public TimeSpan UnknownSymbolPark { get; set; } = TimeSpan.FromHours(6);

    /// <summary>First pause after a throttling answer; doubles with each consecutive one.</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest pause after throttling answers.</summary>
    public TimeSpan MaxThrottleBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After <c>REALTIME_BULK_QUOTES</c> is refused (the key's plan lacks it), how long <c>GLOBAL_QUOTE</c> is used per
    /// symbol before bulk quotes are tried again (the plan may have changed).
    /// </summary>
    public TimeSpan BulkRetryInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Least time between two requests for the same symbol: a quote asked for more often than this is mostly the same
    /// quote again, so a plan larger than the universe needs is not spent on repeats.
    /// </summary>
    public TimeSpan MinSymbolInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First pause after the source failed to answer (unreachable, timeout, HTTP error); doubles with each consecutive one.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest pause while the source keeps failing.</summary>
    public TimeSpan MaxFailureBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The parsed <see cref="Plan"/>; free when it does not parse (validation reports that).</summary>
    public AlphaVantagePlan ParsedPlan => AlphaVantagePlan.TryParse(Plan, out var plan) ? plan : AlphaVantagePlan.Free;

    public bool UseBulkQuotes => BulkQuotes ?? ParsedPlan.IsPremium;

    /// <summary>Lets the environment variables override the section.</summary>
    public void ApplyVariables(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[ApiKeyVariable] is { } key && !string.IsNullOrWhiteSpace(key))
        {
            ApiKey = key.Trim();
        }

        if (configuration[BaseUrlVariable] is { } url && !string.IsNullOrWhiteSpace(url))
        {
            // An unusable value leaves no URL, which validation reports by name.
            BaseUrl = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) ? parsed : null;
        }

        if (configuration[PlanVariable] is { } plan && !string.IsNullOrWhiteSpace(plan))
        {
            Plan = plan;
        }
    }
}
