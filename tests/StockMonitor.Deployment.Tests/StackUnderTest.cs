using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StockMonitor.Testing;

namespace StockMonitor.Deployment.Tests;

/// <summary>
/// A stack of the test's own (<c>./stockmonitor … --stack sup-…</c> with <c>STOCKMONITOR_PORT_OFFSET</c>), driven
/// through the CLI as a user would: never the dev stack nor the shared test stack. On dispose it runs <c>down</c>,
/// then kills (SIGKILL) whatever of the stack is still alive, so that a failing run leaves nothing behind, and
/// deletes its data.
/// </summary>
public sealed class StackUnderTest : IAsyncDisposable
{
    /// <summary>The dev stack's server ports, including RabbitMQ's Erlang distribution and epmd ports (scripts/lib/stack.sh).</summary>
    private static readonly IReadOnlyDictionary<string, int> DevServerPorts = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["postgres"] = 18432,
        ["rabbitmq"] = 18672,
        ["rabbitmq-dist"] = 18673,
        ["epmd"] = 18369,
        ["kinesalite"] = 18567,
        ["dynalite"] = 18568,
        ["s3rver"] = 18569,
    };

    private readonly int offset;

    private StackUnderTest(string name, int offset)
    {
        Name = name;
        this.offset = offset;
        Directory = Repository.PathOf(".stockmonitor/" + name);
    }

    public string Name { get; }

    /// <summary>The stack's state folder, .stockmonitor/&lt;name&gt;.</summary>
    public string Directory { get; }

    /// <summary>Every TCP port of the stack's servers, by name (postgres, rabbitmq, rabbitmq-dist, epmd, kinesalite, dynalite, s3rver).</summary>
    public IReadOnlyDictionary<string, int> ServerPorts => DevServerPorts.ToDictionary(p => p.Key, p => p.Value + offset, StringComparer.Ordinal);

    /// <summary>A new stack name with a port offset whose server ports are free now (the stack is not started).</summary>
    public static StackUnderTest Create()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var stack = new StackUnderTest(TestInfrastructure.UniqueName("sup"), 100 * Random.Shared.Next(20, 90));
            if (stack.ServerPorts.Values.All(IsFree))
            {
                return stack;
            }
        }

        throw new InvalidOperationException("No port offset from 2000 to 9000 has every server port free.");
    }

    /// <summary>Runs <c>./stockmonitor COMMAND ARGS… --stack NAME</c> and returns its exit code and output (stdout and stderr together).</summary>
    public async Task<(int Exit, string Output)> RunAsync(string command, params string[] args)
    {
        var start = new ProcessStartInfo(Repository.PathOf("stockmonitor"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        start.ArgumentList.Add(command);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--stack");
        start.ArgumentList.Add(Name);
        start.Environment["STOCKMONITOR_PORT_OFFSET"] = offset.ToString(CultureInfo.InvariantCulture);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start ./stockmonitor.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./stockmonitor {command} --stack {Name} did not finish in 5 minutes. Its output:{Environment.NewLine}{Text(output)}");
        }

        process.WaitForExit(); // the rest of the output
        return (process.ExitCode, Text(output));
    }

    /// <summary>The lines of <c>status</c> by name (its first column), with their PID and STATE columns.</summary>
    public async Task<IReadOnlyDictionary<string, (string Pid, string State, string Line)>> StatusAsync()
    {
        var (exit, output) = await RunAsync("status");
        Assert.True(exit == 0, $"status exited with {exit}:{Environment.NewLine}{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => (Line: line.TrimEnd(), Columns: line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToDictionary(l => l.Columns[0], l => (l.Columns[1], l.Columns[3], l.Line), StringComparer.Ordinal);
    }

    /// <summary>
    /// The live processes of this stack: those whose command line or environment names its state folder (every
    /// server and its helpers, e.g. beam.smp, erl_child_setup and epmd through HOME, postgres through its data folder),
    /// as "PID name" for a failure message.
    /// </summary>
    public IReadOnlyList<string> LiveProcesses()
    {
        var marks = new List<string> { Directory + "/" };
        if (PostgresRealDirectory() is { } postgres)
        {
            marks.Add(postgres + "/");
        }

        var found = new List<string>();
        foreach (var proc in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            var id = Path.GetFileName(proc);
            if (!id.All(char.IsAsciiDigit) || int.Parse(id, CultureInfo.InvariantCulture) == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    continue; // a zombie is dead, only not yet reaped
                }

                var text = File.ReadAllText(Path.Combine(proc, "cmdline")) + "\0" + File.ReadAllText(Path.Combine(proc, "environ")) + "\0"
                    + (TryReadLink(Path.Combine(proc, "cwd")) ?? string.Empty) + "/";
                if (marks.Any(mark => text.Contains(mark, StringComparison.Ordinal)))
                {
                    found.Add($"{id} {File.ReadAllText(Path.Combine(proc, "comm")).Trim()}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to read
            }
        }

        return found;
    }

    /// <summary>The server ports something still accepts connections on (127.0.0.1).</summary>
    public IReadOnlyList<string> OpenPorts() =>
        ServerPorts.Where(p => Answers(p.Value)).Select(p => $"{p.Key} {p.Value}").ToList();

    /// <summary>Something accepts a TCP connection on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        try
        {
            await RunAsync("down");
        }
        finally
        {
            foreach (var process in LiveProcesses())
            {
                try
                {
                    using var leftover = Process.GetProcessById(int.Parse(process.Split(' ')[0], CultureInfo.InvariantCulture));
                    leftover.Kill();
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                }
            }

            if (PostgresRealDirectory() is { } postgres && postgres != Path.Combine(Directory, "data", "postgres"))
            {
                System.IO.Directory.Delete(postgres, recursive: true);
            }

            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Where PostgreSQL's data really is: data/postgres, or the /var/tmp folder it links to (scripts/lib/servers.sh).</summary>
    private string? PostgresRealDirectory()
    {
        var link = Path.Combine(Directory, "data", "postgres");
        return TryReadLink(link) ?? (System.IO.Directory.Exists(link) ? link : null);
    }

    private static string? TryReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
