using System.Buffers;
using System.Net.WebSockets;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// One open trade-stream connection: joins fragmented messages, bounds their size, and lets the subscription
/// follower and the receive loop (which answers pings) send without interleaving (a WebSocket allows one send at a time).
/// </summary>
internal sealed class FinnhubSocket(WebSocket socket, TimeProvider time) : IDisposable
{
    /// <summary>Largest message we read; a trade message is a few kilobytes.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim sendGate = new(1, 1);

    /// <summary>The close status and description the server gave.</summary>
    public string CloseDescription =>
        socket.CloseStatus is { } status ? $"{(int)status} {status} {socket.CloseStatusDescription}".TrimEnd() : "no close status";

    public async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sendGate.Release();
        }
    }

    /// <summary>Reads the next whole message into <paramref name="message"/> (which the caller has emptied).</summary>
    public async Task<FinnhubReceiveResult> ReceiveAsync(ArrayBufferWriter<byte> message, CancellationToken cancellationToken)
    {
        var tooLarge = false;
        while (true)
        {
            var result = await socket.ReceiveAsync(message.GetMemory(8192), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await AnswerCloseAsync();
                return FinnhubReceiveResult.Closed;
            }

            message.Advance(result.Count);
            if (message.WrittenCount > MaxMessageBytes)
            {
                tooLarge = true;
                message.ResetWrittenCount();
            }

            if (result.EndOfMessage)
            {
                return tooLarge ? FinnhubReceiveResult.TooLarge : FinnhubReceiveResult.Message;
            }
        }
    }

    /// <summary>Ends the connection at once; a pending receive then fails.</summary>
    public void Abort() => socket.Abort();

    public void Dispose() => sendGate.Dispose();

    private async Task AnswerCloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout, time);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is over either way.
        }
    }
}
