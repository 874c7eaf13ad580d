using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Finnhub's trade stream: one WebSocket per key, subscribed to every symbol of the universe and following its
/// changes; each trade becomes a quote. The connection is re-established after any loss with a growing, jittered
/// wait, and everything is subscribed again. Previous closes come from <see cref="FinnhubReferenceFetcher"/>,
/// which runs beside the stream and never holds it up.
/// </summary>
public sealed partial class FinnhubProvider(
    QuoteIntake intake,
    SymbolUniverse universe,
    FinnhubReferenceFetcher references,
    FinnhubQuoteBuilder quotes,
    IOptions<FinnhubOptions> options,
    ProviderSelection selection,
    TimeProvider time,
    ILogger<FinnhubProvider> logger) : IQuoteProvider
{
    public const string Source = "finnhub";

    public string Name => Source;

    public bool IsEnabled => selection.Finnhub;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Either loop ending (only a bug or shutdown can end one) stops the other; a failure then reaches the
        // ProviderHost, which restarts the provider.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var referenceLoop = references.RunAsync(stop.Token);
        var streamLoop = StreamAsync(stop.Token);
        await Task.WhenAny(referenceLoop, streamLoop);
        await stop.CancelAsync();
        await Task.WhenAll(referenceLoop, streamLoop);
    }

    private async Task StreamAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var backoff = new ReconnectBackoff(settings.ReconnectInitialDelay, settings.ReconnectMaxDelay, Random.Shared);
        while (true)
        {
            var connectedFor = await RunConnectionAsync(settings, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (connectedFor >= settings.ReconnectMaxDelay)
            {
                backoff.Reset();
            }

            var delay = backoff.Next();
            LogReconnecting(delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>Connects, streams until the connection ends, and returns how long it was up (zero when it never was).</summary>
    private async Task<TimeSpan> RunConnectionAsync(FinnhubOptions settings, CancellationToken cancellationToken)
    {
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        LogConnecting(settings.WebSocketUrl);
        if (await ConnectAsync(client, settings, cancellationToken) is { } failure)
        {
            intake.Failed(Name, null, failure.Reason, failure.Detail);
            return TimeSpan.Zero;
        }

        var connectedAt = time.GetUtcNow();
        LogConnected(settings.WebSocketUrl);
        using var socket = new FinnhubSocket(client, time);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscriptions = FollowUniverseAsync(socket, session.Token);
        string reason;
        try
        {
            reason = await ReceiveAsync(socket, cancellationToken);
        }
        finally
        {
            await session.CancelAsync();
            await subscriptions;
        }

        intake.Failed(Name, null, FailureReason.ConnectionLost, Scrub(reason));
        return time.GetUtcNow() - connectedAt;
    }

    private async Task<(string Reason, string Detail)?> ConnectAsync(ClientWebSocket client, FinnhubOptions settings, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.ConnectAsync(StreamUri(settings), linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (FailureReason.Timeout, $"no WebSocket handshake within {settings.ConnectTimeout}");
        }
        catch (WebSocketException) when (client.HttpStatusCode != 0)
        {
            return (FailureReason.HttpError, $"WebSocket upgrade refused: HTTP {(int)client.HttpStatusCode} {client.HttpStatusCode}");
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            var detail = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
            return (FailureReason.Unreachable, Scrub(detail));
        }
    }

    /// <summary>Subscribes every symbol of the universe, then follows its changes, until the connection ends.</summary>
    private async Task FollowUniverseAsync(FinnhubSocket socket, CancellationToken cancellationToken)
    {
        var subscribed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                // Taken before reading the symbols, so a change in between is not missed.
                var changed = universe.WaitForChangeAsync(cancellationToken);
                var wanted = universe.Symbols;
                var added = wanted.Where(s => !subscribed.Contains(s)).ToList();
                var removed = subscribed.Where(s => !wanted.Contains(s)).ToList();
                foreach (var symbol in added)
                {
                    await socket.SendAsync(FinnhubCommands.Subscribe(symbol), cancellationToken);
                    subscribed.Add(symbol);
                }

                foreach (var symbol in removed)
                {
                    await socket.SendAsync(FinnhubCommands.Unsubscribe(symbol), cancellationToken);
                    subscribed.Remove(symbol);
                }

                if (added.Count + removed.Count > 0)
                {
                    LogSubscriptions(added.Count, removed.Count, subscribed.Count);
                }

                await changed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended or the service is stopping.
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // A send fails only on a broken connection: end it so the receive loop reports it and we reconnect.
            LogSubscribeFailed(ex.Message);
            socket.Abort();
        }
    }

    /// <summary>Handles messages until the connection ends; returns why it ended.</summary>
    private async Task<string> ReceiveAsync(FinnhubSocket socket, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                switch (await socket.ReceiveAsync(message, cancellationToken))
                {
                    case FinnhubReceiveResult.Closed:
                        return $"closed by the server: {socket.CloseDescription}";
                    case FinnhubReceiveResult.TooLarge:
                        intake.Failed(Name, null, FailureReason.MalformedResponse, $"message larger than {FinnhubSocket.MaxMessageBytes} bytes dropped");
                        break;
                    default:
                        await HandleAsync(FinnhubFrameParser.Parse(message.WrittenMemory), socket, cancellationToken);
                        break;
                }
            }
        }
        catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return $"connection lost: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "connection aborted";
        }
    }

    private async Task HandleAsync(FinnhubFrame frame, FinnhubSocket socket, CancellationToken cancellationToken)
    {
        switch (frame)
        {
            case FinnhubTradeFrame trades:
                intake.Fetched(Name, trades.Count);
                foreach (var rejected in trades.Rejected)
                {
                    intake.Failed(Name, rejected.Symbol, FailureReason.MalformedResponse, rejected.Problem);
                }

                foreach (var trade in trades.Trades)
                {
                    if (await intake.EmitAsync(Name, quotes.Build(trade), cancellationToken))
                    {
                        quotes.Record(trade);
                    }
                }

                break;
            case FinnhubPingFrame:
                await socket.SendAsync(FinnhubCommands.Pong, cancellationToken);
                break;
            case FinnhubErrorFrame error:
                intake.Failed(Name, error.Symbol, FailureReason.ProviderError, error.Message);
                break;
            case FinnhubMalformedFrame malformed:
                intake.Failed(Name, null, FailureReason.MalformedResponse, malformed.Problem);
                break;
            case FinnhubIgnoredFrame ignored:
                LogIgnored(ignored.Type);
                break;
        }
    }

    /// <summary><c>{ws}?token=KEY</c>, keeping any query the configured address already has.</summary>
    private static Uri StreamUri(FinnhubOptions settings)
    {
        var builder = new UriBuilder(settings.WebSocketUrl);
        var token = "token=" + Uri.EscapeDataString(settings.ApiKey ?? string.Empty);
        builder.Query = builder.Query.Length > 1 ? builder.Query[1..] + "&" + token : token;
        return builder.Uri;
    }

    /// <summary>Keeps the key out of anything we log, should an exception message quote the address.</summary>
    private string Scrub(string text) =>
        options.Value.ApiKey is { Length: > 0 } key ? text.Replace(key, "***", StringComparison.Ordinal) : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Finnhub: connecting to {Url}")]
    private partial void LogConnecting(Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finnhub: connected to {Url}")]
    private partial void LogConnected(Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finnhub: reconnecting in {Delay}")]
    private partial void LogReconnecting(TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finnhub: subscribed {Added}, unsubscribed {Removed}; {Count} symbols streaming")]
    private partial void LogSubscriptions(int added, int removed, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Finnhub: subscription update failed ({Problem}); dropping the connection")]
    private partial void LogSubscribeFailed(string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Finnhub: ignored a message of type {Type}")]
    private partial void LogIgnored(string type);
}
