using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Ingestion.AlphaVantage;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>The HTTP side: every way a call can go wrong comes back as a reason, never as an exception, and never with the key.</summary>
public class AlphaVantageClientTests
{
    private const string ApiKey = "CLIENTTESTKEY";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GlobalQuoteAsync_sends_function_symbol_and_key_and_returns_the_body()
    {
        await using var server = await FakeAlphaVantageServer.StartAsync((_, context) => AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-ibm.json")));
        var client = CreateClient(server.BaseUrl);

        var fetch = await client.GlobalQuoteAsync("BRK.B", CancellationToken.None);

        Assert.True(fetch.Succeeded);
        Assert.Equal(Fixtures.Bytes("global-quote-ibm.json"), fetch.Body);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GLOBAL_QUOTE", "BRK.B", ApiKey), (request.Function, Assert.Single(request.Symbols), request.ApiKey));
    }

    [Fact]
    public async Task BulkQuotesAsync_sends_the_symbols_comma_separated_under_a_base_path()
    {
        await using var server = await FakeAlphaVantageServer.StartAsync((_, context) => AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("bulk-quotes.json")));
        var client = CreateClient(new Uri(server.BaseUrl, "/av"));

        var fetch = await client.BulkQuotesAsync(["MSFT", "AAPL", "BRK.B"], CancellationToken.None);

        Assert.True(fetch.Succeeded);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("/av/query", "REALTIME_BULK_QUOTES"), (request.Path, request.Function));
        Assert.Equal(["MSFT", "AAPL", "BRK.B"], request.Symbols);
    }

    [Fact]
    public async Task When_the_answer_is_slower_than_the_timeout_then_it_is_a_timeout()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeAlphaVantageServer.StartAsync(async (_, context) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-ibm.json"));
        });
        var client = CreateClient(server.BaseUrl);

        var call = client.GlobalQuoteAsync("IBM", CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(server.Requests.Count == 1), "the request at the server");
        time.Advance(TimeSpan.FromSeconds(10));
        var fetch = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(fetch.Succeeded);
        Assert.Equal(FailureReason.Timeout, fetch.FailureReason);
        Assert.Equal("no complete answer within 10 s", fetch.Detail);
    }

    [Fact]
    public async Task When_the_answer_is_slow_but_within_the_timeout_then_it_is_fine()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeAlphaVantageServer.StartAsync(async (_, context) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await AlphaVantageAnswers.WriteAsync(context, Fixtures.Text("global-quote-ibm.json"));
        });
        var client = CreateClient(server.BaseUrl);

        var call = client.GlobalQuoteAsync("IBM", CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(server.Requests.Count == 1), "the request at the server");
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        release.SetResult();
        var fetch = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(fetch.Succeeded);
    }

    [Fact]
    public async Task When_nothing_listens_then_the_source_is_unreachable()
    {
        var client = CreateClient(new Uri($"http://127.0.0.1:{LocalPort.Free()}"));

        var fetch = await client.GlobalQuoteAsync("IBM", CancellationToken.None);

        Assert.Equal(FailureReason.Unreachable, fetch.FailureReason);
        Assert.DoesNotContain(ApiKey, fetch.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "application/json", "{\"error\": \"internal\"}", "HTTP 500 Internal Server Error (application/json)")]
    [InlineData(502, "text/html", "<html><body>Bad Gateway</body></html>", "HTTP 502 Bad Gateway (text/html)")]
    [InlineData(429, "text/plain", "slow down", "HTTP 429 Too Many Requests (text/plain)")]
    [InlineData(404, "text/html", "<html>not here</html>", "HTTP 404 Not Found (text/html)")]
    public async Task When_the_status_is_not_success_then_it_is_an_http_error(int status, string contentType, string body, string expected)
    {
        await using var server = await FakeAlphaVantageServer.StartAsync((_, context) => AlphaVantageAnswers.WriteAsync(context, body, status, contentType));
        var client = CreateClient(server.BaseUrl);

        var fetch = await client.GlobalQuoteAsync("IBM", CancellationToken.None);

        Assert.Equal((FailureReason.HttpError, expected), (fetch.FailureReason, fetch.Detail));
    }

    [Fact]
    public async Task When_the_answer_is_too_large_then_it_is_refused_as_malformed()
    {
        await using var server = await FakeAlphaVantageServer.StartAsync(async (_, context) =>
        {
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            for (var written = 0; written <= AlphaVantageClient.MaxResponseBytes; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var client = CreateClient(server.BaseUrl);

        var fetch = await client.GlobalQuoteAsync("IBM", CancellationToken.None);

        Assert.Equal(FailureReason.MalformedResponse, fetch.FailureReason);
    }

    [Fact]
    public void Redact_hides_the_key_in_any_text()
    {
        var client = CreateClient(new Uri("http://127.0.0.1:1"));

        var redacted = client.Redact($"GET /query?function=GLOBAL_QUOTE&apikey={ApiKey} failed");

        Assert.Equal("GET /query?function=GLOBAL_QUOTE&apikey=*** failed", redacted);
    }

    private AlphaVantageClient CreateClient(Uri baseUrl)
    {
        var factory = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new AlphaVantageClient(factory, Options.Create(new AlphaVantageOptions { ApiKey = ApiKey, BaseUrl = baseUrl }), time);
    }
}
