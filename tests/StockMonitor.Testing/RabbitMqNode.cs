using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace StockMonitor.Testing;

/// <summary>
/// A RabbitMQ node of a test's own (its own node name, AMQP, Erlang distribution and epmd ports, data and logs in a
/// temporary folder), started from the binaries <c>./stockmonitor</c> runs, so that the test can kill the whole server
/// (SIGKILL to <c>rabbitmq-server</c>, <c>beam.smp</c> and their children) and start it again on the same port and
/// data, as a broker crash. The shared test broker is never touched. Its epmd is a child of the test too, started
/// once and left running across the node's crashes (as a host's epmd is), and killed on dispose with the node.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    /// <summary>Where the RabbitMQ scripts are when this variable is not set: where Debian's rabbitmq-server puts them (scripts/lib/install.sh).</summary>
    public const string BinVariable = "STOCKMONITOR_RABBITMQ_BIN";

    private const string DefaultBin = "/usr/lib/rabbitmq/bin";

    private readonly string folder = Path.Combine(Path.GetTempPath(), TestInfrastructure.UniqueName("rabbitmq"));
    private readonly string bin;
    private readonly string nodeName = TestInfrastructure.UniqueName("sm-test").Replace('-', '_') + "@localhost";
    private readonly int distributionPort = LocalPort.Free();
    private readonly int epmdPort = LocalPort.Free();
    private readonly RecentLines output = new();
    private Process? epmd;
    private Process? server;

    private RabbitMqNode(string bin) => this.bin = bin;

    public int Port { get; } = LocalPort.Free();

    /// <summary>The URI services and test buses connect with (the default guest user, allowed on the loopback interface).</summary>
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    /// <summary>The last lines the node wrote (warnings and errors), across restarts.</summary>
    public string RecentOutput => output.ToString();

    /// <summary>Starts a node on fresh data; fails (never skips) when RabbitMQ is not installed.</summary>
    public static async Task<RabbitMqNode> StartAsync()
    {
        var node = new RabbitMqNode(BinDirectory());
        try
        {
            node.WriteConfiguration();
            await node.StartEpmdAsync();
            await node.RestartAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>Starts the node (again) on its ports and data, and waits until it answers the AMQP handshake.</summary>
    public async Task RestartAsync()
    {
        if (server is { HasExited: false })
        {
            throw new InvalidOperationException($"RabbitMQ node {nodeName} is already running.");
        }

        output.Add($"--- starting {nodeName} at {DateTimeOffset.UtcNow:O}");
        var start = new ProcessStartInfo(Path.Combine(bin, "rabbitmq-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var (key, value) in ServerEnvironment())
        {
            start.Environment[key] = value;
        }

        server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        output.Follow(server);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var running = server;
        try
        {
            await Eventually.HoldsAsync(
                async () => running.HasExited
                    ? throw new InvalidOperationException($"rabbitmq-server exited with code {running.ExitCode}.")
                    : await AnswersAmqpAsync(),
                $"RabbitMQ node {nodeName} to answer on port {Port}",
                TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ({ex.InnerException?.Message}) Its output:{Environment.NewLine}{RecentOutput}", ex);
        }
    }

    /// <summary>SIGKILL to the whole server (the script, beam.smp, erl_child_setup and what it spawned), as when the broker's machine dies.</summary>
    public void Kill()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }

        server?.Dispose();
        server = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        if (epmd is { HasExited: false })
        {
            epmd.Kill();
            epmd.WaitForExit();
        }

        epmd?.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static string BinDirectory()
    {
        var bin = Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } configured ? configured : DefaultBin;
        if (!File.Exists(Path.Combine(bin, "rabbitmq-server")))
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not installed: {Path.Combine(bin, "rabbitmq-server")} is missing. `./stockmonitor test` installs it "
                + $"(apt-get install rabbitmq-server puts it in {DefaultBin}); elsewhere set {BinVariable} to the folder that holds rabbitmq-server.");
        }

        return bin;
    }

    /// <summary>The epmd binary the Erlang VM would start (Debian links it into /usr/bin and /usr/lib/erlang/bin).</summary>
    private static string EpmdBinary()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/lib/erlang/bin")
            .Select(directory => Path.Combine(directory, "epmd"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("epmd (Erlang's port mapper) was not found on PATH nor in /usr/lib/erlang/bin; it comes with rabbitmq-server's erlang-base.");
    }

    /// <summary>Like <c>rmq_env</c> in scripts/lib/servers.sh, with private values: nothing under /etc/rabbitmq is read, nothing in /var/lib/rabbitmq written.</summary>
    private Dictionary<string, string> ServerEnvironment() => new()
    {
        ["HOME"] = Path.Combine(folder, "home"),
        ["RABBITMQ_NODENAME"] = nodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
        ["RABBITMQ_LOGS"] = "-",
        ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(folder, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
    };

    private void WriteConfiguration()
    {
        foreach (var sub in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        File.WriteAllText(Path.Combine(folder, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            disk_free_limit.absolute = 50MB
            log.console = true
            log.console.level = warning
            """);
        File.WriteAllText(Path.Combine(folder, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(folder, "rabbitmq-env.conf"), string.Empty);
    }

    /// <summary>Our own epmd on a private port, in the foreground so that the test owns it (the VM finds it running and starts none).</summary>
    private async Task StartEpmdAsync()
    {
        var start = new ProcessStartInfo(EpmdBinary(), ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        epmd = Process.Start(start) ?? throw new InvalidOperationException("Could not start epmd.");
        output.Follow(epmd);
        epmd.BeginOutputReadLine();
        epmd.BeginErrorReadLine();
        var started = epmd;
        await Eventually.HoldsAsync(
            async () =>
            {
                if (started.HasExited)
                {
                    throw new InvalidOperationException($"epmd exited with code {started.ExitCode}.");
                }

                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", epmdPort);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            $"epmd on port {epmdPort}",
            TimeSpan.FromSeconds(10));
    }

    /// <summary>AMQP 0-9-1 handshake: the protocol header gets a Connection.Start frame (type 1) back (as amqp_handshake in servers.sh).</summary>
    private async Task<bool> AnswersAmqpAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var frame = new byte[1];
            return await stream.ReadAsync(frame, timeout.Token) == 1 && frame[0] == 1;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

}
