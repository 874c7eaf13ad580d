using System.Net;
using System.Text;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// Stands in for pricing's read API with no data: <c>GET /api/quotes</c> answers <c>[]</c>, every other path 404 (a symbol
/// never quoted), so that the portfolio values at its trade prices and its returns need no network beyond loopback.
/// </summary>
internal sealed class PricingWithoutHistory : IDisposable
{
    private readonly HttpListener listener = new();

    private PricingWithoutHistory(int port)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseAddress.ToString());
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public static PricingWithoutHistory Start() => new(LocalPort.Free());

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var quotes = context.Request.Url?.AbsolutePath == "/api/quotes";
            context.Response.StatusCode = quotes ? 200 : 404;
            context.Response.ContentType = "application/json";
            var body = Encoding.UTF8.GetBytes(quotes ? "[]" : "{}");
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
