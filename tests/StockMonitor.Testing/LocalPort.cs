using System.Net;
using System.Net.Sockets;

namespace StockMonitor.Testing;

/// <summary>Ports on the loopback interface.</summary>
public static class LocalPort
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listened on a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
