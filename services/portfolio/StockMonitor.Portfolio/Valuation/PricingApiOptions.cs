namespace StockMonitor.Portfolio.Valuation;

/// <summary>Where the pricing service's read API is (section <c>PricingApi</c>); the default is the local dev stack's pricing.</summary>
public sealed class PricingApiOptions
{
    public const string SectionName = "PricingApi";

    /// <summary>The pricing service's base URL (<c>PricingApi__BaseUrl</c>): latest prices and hour bars come from its <c>/api/quotes</c>.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:18082");

    /// <summary>
    /// <see cref="BaseUrl"/> ending in <c>/</c>, so that the client's relative paths go below it
    /// (<c>http://host/pricing</c> + <c>api/quotes</c> = <c>http://host/pricing/api/quotes</c>).
    /// </summary>
    public Uri BaseAddress => BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");

    /// <summary>An absolute http(s) URL.</summary>
    public bool IsValid() => BaseUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
