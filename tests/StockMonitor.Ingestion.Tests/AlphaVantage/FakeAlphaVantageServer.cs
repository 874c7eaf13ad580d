using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for Alpha Vantage: <c>GET .../query</c> is recorded, then answered by
/// the test's <c>respond</c> callback.
/// </summary>
public sealed class FakeAlphaVantageServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeRequest> requests = new();
    private int sequence;

    private FakeAlphaVantageServer(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<FakeRequest> Requests => [.. requests];

    public int RequestsFor(string symbol) => requests.Count(r => r.Symbols.Contains(symbol, StringComparer.Ordinal));

    /// <summary>Starts a server on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<FakeAlphaVantageServer> StartAsync(Func<FakeRequest, HttpContext, Task> respond, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        FakeAlphaVantageServer? server = null;
        app.Run(async context =>
        {
            if (context.Request.Path.Value?.EndsWith("/query", StringComparison.Ordinal) != true)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var query = context.Request.Query;
            var symbols = query["symbol"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var request = new FakeRequest(context.Request.Path.Value!, query["function"].ToString(), symbols, query["apikey"].FirstOrDefault(), Interlocked.Increment(ref server!.sequence));
            server.requests.Enqueue(request);
            try
            {
                await respond(request, context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up (timeout); nothing to answer.
            }
        });
        await app.StartAsync();
        server = new FakeAlphaVantageServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
