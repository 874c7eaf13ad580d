using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace StockMonitor.Testing;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real server, to make that server fail the way networks do: forward
/// (normal), refuse (connections are reset at once: the server is down) or black-hole (connections are accepted and
/// nothing ever comes back: the server hangs). Switching modes drops the open connections, so pooled keep-alive
/// connections (and calls hanging in the black hole) fail and are made anew.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private readonly Task accepting;
    private volatile ProxyMode mode = ProxyMode.Forward;

    private TcpProxy(IPEndPoint target)
    {
        this.target = target;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The proxy's address, to give the client instead of the server's.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public ProxyMode Mode
    {
        get => mode;
        set
        {
            mode = value;
            foreach (var socket in open.Keys)
            {
                Close(socket);
            }
        }
    }

    /// <summary>A proxy in front of the server at <paramref name="server"/> (an http:// URL or host:port).</summary>
    public static TcpProxy To(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var address = server.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(server.Host);
        return new TcpProxy(new IPEndPoint(address, server.Port));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        foreach (var socket in open.Keys)
        {
            Close(socket);
        }

        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptSocketAsync(stopping.Token);
            switch (mode)
            {
                case ProxyMode.Refuse:
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    break;
                case ProxyMode.BlackHole:
                    open[client] = 0;
                    _ = Task.Run(() => DrainAsync(client));
                    break;
                default:
                    _ = Task.Run(() => RelayAsync(client));
                    break;
            }
        }
    }

    private async Task DrainAsync(Socket client)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await client.ReceiveAsync(buffer, stopping.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        open[client] = 0;
        open[server] = 0;
        try
        {
            await server.ConnectAsync(target, stopping.Token);
            await Task.WhenAny(CopyAsync(client, server), CopyAsync(server, client));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, stopping.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void Close(Socket socket)
    {
        if (open.TryRemove(socket, out _))
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}

/// <summary>How a <see cref="TcpProxy"/> treats connections.</summary>
public enum ProxyMode
{
    /// <summary>Relay both ways to the server.</summary>
    Forward,

    /// <summary>Reset every connection at once (the server is down).</summary>
    Refuse,

    /// <summary>Accept and never answer (the server hangs).</summary>
    BlackHole,
}
