using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// Calls <c>{base}/query</c> with the key. Each call gets the whole <see cref="AlphaVantageOptions.RequestTimeout"/>
/// (measured with the injected <see cref="TimeProvider"/>) for headers and body; whatever goes wrong comes back
/// as a <see cref="FailureReason"/> rather than an exception. Nothing it returns contains the key.
/// </summary>
public sealed class AlphaVantageClient(IHttpClientFactory httpClientFactory, IOptions<AlphaVantageOptions> options, TimeProvider time)
{
    /// <summary>The named <see cref="HttpClient"/> (see <see cref="AlphaVantageExtensions"/>).</summary>
    public const string HttpClientName = "alphavantage";

    /// <summary>Answers larger than this are refused (a bulk answer of 100 quotes is a few tens of kB).</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    private readonly AlphaVantageOptions settings = options.Value;

    public Task<AlphaVantageFetch> GlobalQuoteAsync(string symbol, CancellationToken cancellationToken) =>
        QueryAsync("GLOBAL_QUOTE", symbol, cancellationToken);

    public Task<AlphaVantageFetch> BulkQuotesAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken) =>
        QueryAsync("REALTIME_BULK_QUOTES", string.Join(',', symbols), cancellationToken);

    /// <summary>Replaces the key wherever it might appear in text that is going to be logged.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.IsNullOrEmpty(settings.ApiKey) ? text : text.Replace(settings.ApiKey, "***", StringComparison.Ordinal);
    }

    private async Task<AlphaVantageFetch> QueryAsync(string function, string symbols, CancellationToken cancellationToken)
    {
        var uri = new Uri(
            BaseWithSlash(),
            $"query?function={function}&symbol={Uri.EscapeDataString(symbols)}&apikey={Uri.EscapeDataString(settings.ApiKey ?? string.Empty)}");
        using var timeout = new CancellationTokenSource(settings.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var http = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
                return new AlphaVantageFetch(null, FailureReason.HttpError, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} ({mediaType})");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                return new AlphaVantageFetch(null, FailureReason.MalformedResponse, $"answer of {response.Content.Headers.ContentLength} bytes is too large");
            }

            return await ReadBodyAsync(response.Content, linked.Token) is { } body
                ? new AlphaVantageFetch(body)
                : new AlphaVantageFetch(null, FailureReason.MalformedResponse, $"answer larger than {MaxResponseBytes} bytes");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new AlphaVantageFetch(null, FailureReason.Timeout, $"no complete answer within {settings.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            || ex.InnerException is SocketException)
        {
            return new AlphaVantageFetch(null, FailureReason.Unreachable, Redact(ex.Message));
        }
        catch (HttpRequestException ex)
        {
            return new AlphaVantageFetch(null, FailureReason.HttpError, Redact(ex.Message));
        }
    }

    private Uri BaseWithSlash()
    {
        var baseUrl = settings.BaseUrl ?? throw new InvalidOperationException($"{AlphaVantageOptions.BaseUrlVariable} is not set");
        return baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    /// <summary>The whole body; null when it exceeds <see cref="MaxResponseBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
