using System.Net;
using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Asks Finnhub's REST API for a symbol's quote (<c>GET {RestUrl}/quote?symbol=X</c>). The key goes in the
/// <c>X-Finnhub-Token</c> header, which Finnhub accepts like <c>?token=</c>, so it never appears in a URL that
/// HTTP logging or tracing could record. Every outcome comes back as a value; nothing but cancellation throws.
/// </summary>
public sealed class FinnhubReferenceClient(IHttpClientFactory httpClientFactory, IOptions<FinnhubOptions> options, TimeProvider time)
{
    public const string HttpClientName = "finnhub";

    public async Task<FinnhubReferenceResult> FetchAsync(string symbol, DateOnly day, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var uri = new Uri($"{settings.RestUrl.AbsoluteUri.TrimEnd('/')}/quote?symbol={Uri.EscapeDataString(symbol)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("X-Finnhub-Token", settings.ApiKey);
        using var timeout = new CancellationTokenSource(settings.RestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return FinnhubReferenceResult.Throttled($"HTTP 429: {FinnhubSnippet.Of(body)}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return FinnhubReferenceResult.Failed(
                    FailureReason.HttpError,
                    $"HTTP {(int)response.StatusCode} {response.StatusCode}: {FinnhubSnippet.Of(body)}");
            }

            return FinnhubReferenceParser.Parse(body, day);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FinnhubReferenceResult.Failed(FailureReason.Timeout, $"no answer within {settings.RestTimeout}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return FinnhubReferenceResult.Failed(FailureReason.MalformedResponse, $"answer too large: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return FinnhubReferenceResult.Failed(FailureReason.Unreachable, ex.Message);
        }
    }
}
