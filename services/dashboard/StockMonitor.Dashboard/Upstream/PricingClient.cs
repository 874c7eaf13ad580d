using System.Globalization;
using System.Net.Http.Json;

namespace StockMonitor.Dashboard.Upstream;

/// <summary>The pricing service's read API: the latest quotes, a symbol's statistics and its bars.</summary>
public sealed class PricingClient(HttpClient http)
{
    public async Task<IReadOnlyList<PricingQuote>> QuotesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<PricingQuote>>(new Uri("/api/quotes", UriKind.Relative), cancellationToken) ?? [];

    public async Task<IReadOnlyList<PricingBar>> MinuteBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<PricingBar>>(BarsPath(symbol, "1m", from, to), cancellationToken) ?? [];

    /// <summary>A symbol's latest quote and statistics, as pricing answers it (its 400/404 problems included).</summary>
    public Task<UpstreamAnswer> QuoteAsync(string symbol, CancellationToken cancellationToken) =>
        ForwardAsync(new Uri($"/api/quotes/{Uri.EscapeDataString(symbol)}", UriKind.Relative), cancellationToken);

    /// <summary>A symbol's bars, as pricing answers them (its 400/404 problems included).</summary>
    public Task<UpstreamAnswer> BarsAsync(string symbol, string? interval, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        ForwardAsync(BarsPath(symbol, interval, from, to), cancellationToken);

    private static Uri BarsPath(string symbol, string? interval, DateTimeOffset? from, DateTimeOffset? to)
    {
        var query = new List<string>();
        if (interval is not null)
        {
            query.Add("interval=" + Uri.EscapeDataString(interval));
        }

        if (from is { } f)
        {
            query.Add("from=" + Uri.EscapeDataString(f.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (to is { } t)
        {
            query.Add("to=" + Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture)));
        }

        return new Uri($"/api/quotes/{Uri.EscapeDataString(symbol)}/bars" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), UriKind.Relative);
    }

    private async Task<UpstreamAnswer> ForwardAsync(Uri path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return new UpstreamAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Content.Headers.ContentType?.ToString());
    }
}
