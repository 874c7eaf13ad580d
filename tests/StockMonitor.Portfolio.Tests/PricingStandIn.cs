using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StockMonitor.Portfolio.Valuation;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests;

/// <summary>
/// A real HTTP server on a local port standing in for pricing's read API (<c>GET /api/quotes</c> and
/// <c>GET /api/quotes/{symbol}/bars?interval=1h</c>, with pricing's limit of 5,000 bars a request): it serves the
/// quotes and hour bars a test gives it, or answers 503 while <see cref="Failing"/>. Tests that need pricing itself
/// start it (see <c>Valuation/ValuationFromPricingTests</c>).
/// </summary>
public sealed class PricingStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private int disposed;

    private PricingStandIn(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>A URL where nothing listens: for services whose tests do not look at prices.</summary>
    public static Uri Nowhere => new($"http://127.0.0.1:{LocalPort.Free()}/");

    public Uri BaseAddress { get; }

    public ConcurrentDictionary<string, PricingQuote> Quotes { get; } = new(StringComparer.Ordinal);

    /// <summary>Hour bars per symbol (bucket start, close).</summary>
    public ConcurrentDictionary<string, List<PricingBar>> HourBars { get; } = new(StringComparer.Ordinal);

    /// <summary>While true every request is answered 503.</summary>
    public bool Failing { get; set; }

    /// <summary>The path and query of every request received, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<PricingStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        PricingStandIn? standIn = null;
        app.Use(async (context, next) =>
        {
            standIn!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (standIn.Failing)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(context);
        });
        app.MapGet("/api/quotes", () => standIn!.Quotes.Values.OrderBy(q => q.Symbol, StringComparer.Ordinal).ToList());
        app.MapGet("/api/quotes/{symbol}/bars", (string symbol, string interval, DateTimeOffset from, DateTimeOffset to) =>
        {
            if (interval != "1h" || from >= to || (to - from).Ticks / TimeSpan.TicksPerHour > PricingClient.MaxBarsPerRequest)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["At most 5000 bars per request: narrow the range."] });
            }

            var start = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            if (!standIn!.HourBars.TryGetValue(symbol, out var bars))
            {
                return standIn.Quotes.ContainsKey(symbol) ? Results.Ok(Array.Empty<PricingBar>()) : Results.NotFound();
            }

            return Results.Ok(bars.Where(b => b.Time >= start && b.Time < to).OrderBy(b => b.Time).ToList());
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        standIn = new PricingStandIn(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        return standIn;
    }

    /// <summary>Stops the server (later requests find nothing listening); safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
