using System.Diagnostics;
using System.Net.Sockets;

namespace StockMonitor.Testing;

/// <summary>
/// A dynalite (DynamoDB) server of a test's own, storing its tables in a folder, so that the test can kill it (SIGKILL)
/// and start it again on the same port with the same data, as a DynamoDB outage. Uses the emulators the scripts
/// install (<c>scripts/emulators/node_modules</c>).
/// </summary>
public sealed class DynaliteProcess : IAsyncDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), TestInfrastructure.UniqueName("dynalite"));
    private Process? process;

    private DynaliteProcess(int port) => Port = port;

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public static async Task<DynaliteProcess> StartAsync()
    {
        var server = new DynaliteProcess(LocalPort.Free());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and folder, and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        var cli = Path.Combine(ServiceProcess.RepositoryRoot(), "scripts", "emulators", "node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: run the tests with `./stockmonitor test`, which installs the emulators.");
        }

        Directory.CreateDirectory(folder);
        process = Process.Start(new ProcessStartInfo("node", [cli, "--host", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--path", folder, "--createTableMs", "50"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start node.");
        await Eventually.HoldsAsync(
            async () =>
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", Port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            $"dynalite on port {Port}",
            TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL, as when the server's node dies.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
