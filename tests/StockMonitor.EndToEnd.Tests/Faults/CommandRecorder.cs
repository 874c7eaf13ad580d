using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StockMonitor.Auth;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests.Faults;

/// <summary>
/// A portfolio manager recording commands over HTTP while the faults happen: deposits of distinct amounts (command n
/// deposits n + 1 USD) into one portfolio, ~5 a second, each with its own <c>Idempotency-Key</c>. A command that fails
/// (connection refused, 5xx, timeout) is sent again with the same key until the API acknowledges it (2xx), as a client
/// would; the acknowledged ones are remembered, to be found exactly once in the portfolio's events.
/// </summary>
public sealed class CommandRecorder(Func<Uri> portfolio)
{
    private const string Subject = "fault-suite";
    private readonly Lock gate = new();
    private readonly HashSet<decimal> acknowledged = [];
    private int retries;

    public Guid PortfolioId { get; private set; }

    /// <summary>How many sends failed and were tried again under the same key.</summary>
    public int Retries => Volatile.Read(ref retries);

    public int AcknowledgedCount
    {
        get
        {
            lock (gate)
            {
                return acknowledged.Count;
            }
        }
    }

    public HashSet<decimal> Acknowledged()
    {
        lock (gate)
        {
            return [.. acknowledged];
        }
    }

    public async Task OpenAsync()
    {
        using var http = Client(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(portfolio(), "/api/portfolios")) { Content = JsonContent.Create(new { name = "Faults", currency = "USD" }) };
        request.Headers.Add("Idempotency-Key", "fault-open");
        using var opened = await Eventually.ReturnsAsync(
            async () =>
            {
                var answer = await http.SendAsync(await CloneAsync(request));
                return answer.IsSuccessStatusCode ? answer : null;
            },
            "the portfolio opened",
            TimeSpan.FromMinutes(2));
        PortfolioId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<HttpRequestMessage> CloneAsync(HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent(await request.Content!.ReadAsByteArrayAsync()) };
        clone.Content.Headers.ContentType = request.Content.Headers.ContentType;
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return clone;
    }

    /// <summary>Records commands until cancelled.</summary>
    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        using var http = Client(TimeSpan.FromSeconds(10));
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var amount = n + 1m;
            var key = string.Create(CultureInfo.InvariantCulture, $"fault-deposit-{n}");
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(portfolio(), $"/api/portfolios/{PortfolioId}/deposits"))
                    {
                        Content = JsonContent.Create(new { amount }),
                    };
                    request.Headers.Add("Idempotency-Key", key);
                    using var answer = await http.SendAsync(request, cancellationToken);
                    if (answer.IsSuccessStatusCode)
                    {
                        lock (gate)
                        {
                            acknowledged.Add(amount);
                        }

                        break;
                    }

                    if ((int)answer.StatusCode < 500 && answer.StatusCode != HttpStatusCode.TooManyRequests)
                    {
                        throw new InvalidOperationException($"deposit {n} was refused: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(cancellationToken)}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                }

                Interlocked.Increment(ref retries);
                await Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }

            await Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>The deposit amounts in the portfolio's events, with how often each occurs.</summary>
    public async Task<Dictionary<decimal, int>> RecordedAsync()
    {
        using var http = Client(TimeSpan.FromSeconds(30));
        var events = await http.GetFromJsonAsync<JsonElement>(new Uri(portfolio(), $"/api/portfolios/{PortfolioId}/events"));
        var counts = new Dictionary<decimal, int>();
        foreach (var entry in events.EnumerateArray())
        {
            if (entry.GetProperty("type").GetString() is { } type && type.Contains("Deposit", StringComparison.OrdinalIgnoreCase))
            {
                var amount = entry.GetProperty("data").GetProperty("amount").GetDecimal();
                counts[amount] = counts.GetValueOrDefault(amount) + 1;
            }
        }

        return counts;
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static HttpClient Client(TimeSpan timeout)
    {
        var http = new HttpClient { Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", LocalTokens.Mint(new JwtSettings(), Subject, Scopes.All, TimeSpan.FromHours(2), DateTimeOffset.UtcNow));
        return http;
    }
}
