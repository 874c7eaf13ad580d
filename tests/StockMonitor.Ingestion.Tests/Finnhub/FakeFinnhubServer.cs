using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Finnhub;

/// <summary>
/// A local Finnhub on 127.0.0.1: the trade stream at <c>/</c> (WebSocket, <c>?token=</c>) and the REST quote at
/// <c>/api/v1/quote</c> (<c>X-Finnhub-Token</c>). The test pushes frames to the connected client, drops the
/// connection, refuses upgrades, and reads back every message the client sent, per connection.
/// </summary>
internal sealed class FakeFinnhubServer : IAsyncDisposable
{
    public const string ApiKey = "fake-finnhub-key";

    private const int Stall = 0;

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, RestAnswer> answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Connection, string Text)> received = new();
    private readonly ConcurrentQueue<string> restRequests = new();
    private readonly ConcurrentQueue<int> refusals = new();
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private int accepted;
    private int refused;
    private volatile WebSocket? current;

    private FakeFinnhubServer(WebApplication app) => this.app = app;

    public Uri WebSocketUrl { get; private set; } = null!;

    public Uri RestUrl { get; private set; } = null!;

    /// <summary>Connections accepted so far; the current one is number <see cref="Accepted"/>.</summary>
    public int Accepted => Volatile.Read(ref accepted);

    /// <summary>Upgrade attempts answered with an error status so far.</summary>
    public int Refused => Volatile.Read(ref refused);

    public IReadOnlyList<(int Connection, string Text)> Received => received.ToList();

    /// <summary>Symbols asked for over REST, in order.</summary>
    public IReadOnlyList<string> RestRequests => restRequests.ToList();

    public static async Task<FakeFinnhubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeFinnhubServer(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.UseWebSockets();
        app.Map("/api/v1/quote", server.AnswerQuoteAsync);
        app.Map("/", server.AcceptStreamAsync);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        server.WebSocketUrl = new Uri($"ws://{address.Authority}");
        server.RestUrl = new Uri($"http://{address.Authority}/api/v1");
        return server;
    }

    public void Answer(string symbol, RestAnswer answer) => answers[symbol] = answer;

    /// <summary>The next upgrade attempt is answered with <paramref name="status"/> instead of a WebSocket.</summary>
    public void RefuseNextConnection(int status) => refusals.Enqueue(status);

    /// <summary>The next upgrade attempt gets no answer at all; the client has to give up.</summary>
    public void StallNextConnection() => refusals.Enqueue(Stall);

    /// <summary>Messages the client sent on connection <paramref name="connection"/>.</summary>
    public IReadOnlyList<string> ReceivedOn(int connection) => received.Where(r => r.Connection == connection).Select(r => r.Text).ToList();

    /// <summary>Waits until connection <paramref name="connection"/> has subscribed to each of <paramref name="symbols"/>.</summary>
    public Task WaitForSubscriptionsAsync(int connection, params string[] symbols) =>
        Eventually.HoldsAsync(
            () => Task.FromResult(symbols.All(s => ReceivedOn(connection).Contains(FinnhubFrames.Subscribe(s)))),
            $"subscriptions to {string.Join(", ", symbols)} on connection {connection}");

    /// <summary>Sends one text message to the connected client.</summary>
    public Task SendAsync(string text) => SendAsync(text, 1);

    /// <summary>Sends one text message in <paramref name="pieces"/> WebSocket frames (fragmented).</summary>
    public async Task SendAsync(string text, int pieces)
    {
        var socket = current ?? throw new InvalidOperationException("No client is connected.");
        var bytes = Encoding.UTF8.GetBytes(text);
        var size = (bytes.Length + pieces - 1) / pieces;
        await sendGate.WaitAsync();
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += size)
            {
                var count = Math.Min(size, bytes.Length - offset);
                await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count >= bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            sendGate.Release();
        }
    }

    /// <summary>Drops the client's connection without a close handshake, as a failing network or server would.</summary>
    public void DropConnection() => (current ?? throw new InvalidOperationException("No client is connected.")).Abort();

    /// <summary>Closes the client's connection with a close handshake.</summary>
    public async Task CloseConnectionAsync(WebSocketCloseStatus status, string description)
    {
        var socket = current ?? throw new InvalidOperationException("No client is connected.");
        await socket.CloseOutputAsync(status, description, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        current?.Abort();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
        sendGate.Dispose();
    }

    private async Task AnswerQuoteAsync(HttpContext context)
    {
        if (context.Request.Headers["X-Finnhub-Token"] != ApiKey)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error":"Invalid API key"}""");
            return;
        }

        var symbol = context.Request.Query["symbol"].ToString();
        restRequests.Enqueue(symbol);
        var answer = answers.GetValueOrDefault(symbol, RestAnswer.Unknown);
        if (answer.Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }

    private async Task AcceptStreamAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (context.Request.Query["token"] != ApiKey)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (refusals.TryDequeue(out var status))
        {
            if (status == Stall)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up.
                }

                return;
            }

            Interlocked.Increment(ref refused);
            context.Response.StatusCode = status;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var number = Interlocked.Increment(ref accepted);
        current = socket;
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    received.Enqueue((number, Encoding.UTF8.GetString(message.ToArray())));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Dropped by the test or by the client.
        }
    }
}
