using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// The pricing service's read API, the only way the portfolio reads the prices pricing keeps (pricing owns its
/// tables). A typed <see cref="HttpClient"/>: the base address and the resilience handler come from its registration.
/// </summary>
public sealed class PricingClient(HttpClient http)
{
    /// <summary>Most bars pricing returns for one request (its <c>QuotesApi.MaxBars</c>): longer ranges are read in pages of this many hours.</summary>
    public const int MaxBarsPerRequest = 5_000;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>The latest quote of every symbol pricing knows.</summary>
    /// <exception cref="PricingUnavailableException">Pricing could not be reached or did not answer properly.</exception>
    public Task<IReadOnlyList<PricingQuote>> LatestQuotesAsync(CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<PricingQuote>>("GET /api/quotes", async () =>
            await http.GetFromJsonAsync<List<PricingQuote>>(new Uri("api/quotes", UriKind.Relative), cancellationToken)
            ?? throw new JsonException("The answer was null."), cancellationToken);

    /// <summary>
    /// The 1-hour bars of <paramref name="symbol"/> whose buckets start in [<paramref name="from"/> rounded down to its
    /// hour, <paramref name="to"/>), oldest first; empty for a symbol pricing has never quoted. Ranges longer than
    /// <see cref="MaxBarsPerRequest"/> hours are read page by page.
    /// </summary>
    /// <exception cref="PricingUnavailableException">Pricing could not be reached or did not answer properly.</exception>
    public Task<IReadOnlyList<PricingBar>> HourBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return CallAsync<IReadOnlyList<PricingBar>>($"GET /api/quotes/{symbol}/bars", async () =>
        {
            var bars = new List<PricingBar>();

            // Page boundaries on whole hours, so that no bucket falls in two pages.
            var start = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % Hour.Ticks), TimeSpan.Zero);
            while (start < to)
            {
                var end = to - start > Hour * MaxBarsPerRequest ? start + (Hour * MaxBarsPerRequest) : to;
                var uri = new Uri($"api/quotes/{Uri.EscapeDataString(symbol)}/bars?interval=1h&from={Query(start)}&to={Query(end)}", UriKind.Relative);
                using var response = await http.GetAsync(uri, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    // Pricing has never had a quote of the symbol: no history, which is not a failure.
                    return [];
                }

                response.EnsureSuccessStatusCode();
                bars.AddRange(await response.Content.ReadFromJsonAsync<List<PricingBar>>(cancellationToken) ?? throw new JsonException("The answer was null."));
                start = end;
            }

            return bars;
        }, cancellationToken);
    }

    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or TimeoutRejectedException or BrokenCircuitException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PricingUnavailableException($"Pricing's API failed on {what}: {ex.Message}", ex);
        }
    }

    private static string Query(DateTimeOffset at) =>
        Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}
