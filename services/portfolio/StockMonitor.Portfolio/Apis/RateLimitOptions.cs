namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// How many API requests each token subject may make (section <c>Portfolio:RateLimit</c>): at most
/// <see cref="PermitLimit"/> per <see cref="Window"/> (a fixed window), each subject on its own.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Portfolio:RateLimit";

    /// <summary>Requests per window and subject; the default is ample for a person with several dashboard tabs open.</summary>
    public int PermitLimit { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
