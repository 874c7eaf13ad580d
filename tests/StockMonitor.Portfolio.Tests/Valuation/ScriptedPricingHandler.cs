using System.Collections.Concurrent;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>An in-memory pricing API for unit tests: each request is answered by <see cref="Answer"/> and recorded.</summary>
internal sealed class ScriptedPricingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = answer;

    public ConcurrentQueue<Uri> Requests { get; } = new();

    /// <summary>A client of this handler with pricing's base address.</summary>
    public HttpClient Client() => new(this, disposeHandler: false) { BaseAddress = new Uri("http://pricing.test/") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.RequestUri!);
        return Task.FromResult(Answer(request));
    }

    public static HttpResponseMessage Json(string json, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
}
