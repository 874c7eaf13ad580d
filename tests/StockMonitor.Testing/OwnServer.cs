using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace StockMonitor.Testing;

/// <summary>
/// A server of a test's own — kinesalite, dynalite, s3rver or PostgreSQL — on its own port with its data on disk in a
/// temporary folder, started as <c>./stockmonitor</c> starts it (scripts/lib/servers.sh), so that the test can kill it
/// with SIGKILL (the whole process tree) and start it again on the same port and data, as a server crash. The shared
/// test stack's servers are never touched. (RabbitMQ has its own class, <see cref="RabbitMqNode"/>.)
/// </summary>
public sealed class OwnServer : IAsyncDisposable
{
    /// <summary>PostgreSQL's user, password and database, as on the script's stacks.</summary>
    public const string PostgresDatabase = "stockmonitor";

    private readonly string folder = Path.Combine(Path.GetTempPath(), TestInfrastructure.UniqueName("own-server"));
    private readonly Func<OwnServer, ProcessStartInfo> command;
    private readonly Func<OwnServer, Task<bool>> ready;
    private readonly RecentLines output = new();
    private Process? process;

    private OwnServer(string name, Func<OwnServer, ProcessStartInfo> command, Func<OwnServer, Task<bool>>? ready = null)
    {
        Name = name;
        this.command = command;
        this.ready = ready ?? (s => AcceptsAsync(s.Port));
        Directory.CreateDirectory(DataDirectory);
    }

    public string Name { get; }

    public int Port { get; } = LocalPort.Free();

    /// <summary>Where the server keeps its data (kept across kills).</summary>
    public string DataDirectory => Path.Combine(folder, "data");

    /// <summary>The HTTP endpoint of an emulator.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>The Npgsql connection string of the PostgreSQL server's database.</summary>
    public string PostgresConnectionString =>
        $"Host=127.0.0.1;Port={Port};Database={PostgresDatabase};Username=stockmonitor;Password=stockmonitor";

    /// <summary>The process id of the running server (of its top process).</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    /// <summary>The last lines the server wrote, across restarts.</summary>
    public string RecentOutput => output.ToString();

    /// <summary>kinesalite with its data on disk (scripts/emulators/kinesalite.js PORT DIR).</summary>
    public static Task<OwnServer> KinesaliteAsync() => StartAsync(new OwnServer(
        "kinesalite",
        s => Node(Emulator("kinesalite.js"), s.Port.ToString(CultureInfo.InvariantCulture), s.DataDirectory)));

    /// <summary>dynalite with its data on disk (--path), the scripts' options.</summary>
    public static Task<OwnServer> DynaliteAsync() => StartAsync(new OwnServer(
        "dynalite",
        s => Node(
            Emulator("node_modules", "dynalite", "cli.js"),
            "--host", "127.0.0.1", "--port", s.Port.ToString(CultureInfo.InvariantCulture),
            "--createTableMs", "50", "--deleteTableMs", "50", "--updateTableMs", "50", "--path", s.DataDirectory)));

    /// <summary>s3rver with its data in a folder (it always keeps objects on disk).</summary>
    public static Task<OwnServer> S3rverAsync() => StartAsync(new OwnServer(
        "s3rver",
        s => Node(Emulator("node_modules", "s3rver", "bin", "s3rver.js"), "-d", s.DataDirectory, "-a", "127.0.0.1", "-p", s.Port.ToString(CultureInfo.InvariantCulture), "-s")));

    /// <summary>
    /// PostgreSQL on a fresh cluster (initdb; as root, run as the <c>postgres</c> user as the scripts do), the
    /// postmaster a child of the test; synchronous commits with fsync off: a killed server keeps every acknowledged
    /// transaction (the operating system still has it), a power cut would not.
    /// </summary>
    public static async Task<OwnServer> PostgresAsync()
    {
        var bin = PostgresBin();
        var server = new OwnServer(
            "postgres",
            s => AsOwner(Path.Combine(bin, "postgres"), "-D", s.DataDirectory, "-p", s.Port.ToString(CultureInfo.InvariantCulture), "-k", s.SocketDirectory,
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off", "-c", "full_page_writes=off"),
            s => s.PostgresAnswersAsync());
        try
        {
            await server.InitPostgresAsync(bin);
            await server.RestartAsync();
            await using var connection = new NpgsqlConnection(server.PostgresAdminConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {PostgresDatabase}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the server (again) on its port and data, and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        output.Add($"--- starting {Name} at {DateTimeOffset.UtcNow:O}");
        var start = command(this);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        output.Follow(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = process;
        try
        {
            await Eventually.HoldsAsync(
                async () => running.HasExited
                    ? throw new InvalidOperationException($"{Name} exited with code {running.ExitCode}.")
                    : await ready(this),
                $"{Name} to answer on port {Port}",
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} ({ex.InnerException?.Message}) Its output:{Environment.NewLine}{RecentOutput}", ex);
        }
    }

    /// <summary>SIGKILL to the server's whole process tree, as when its machine dies.</summary>
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<OwnServer> StartAsync(OwnServer server)
    {
        try
        {
            await server.RestartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private string SocketDirectory => Path.Combine(folder, "run");

    private string PostgresAdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Database=postgres;Username=stockmonitor;Password=stockmonitor;Pooling=false;Timeout=3";

    private static string Emulator(params string[] path)
    {
        var file = Path.Combine([ServiceProcess.RepositoryRoot(), "scripts", "emulators", .. path]);
        return File.Exists(file)
            ? file
            : throw new InvalidOperationException($"{file} is missing: `./stockmonitor test` installs the emulators (npm ci in scripts/emulators).");
    }

    private static ProcessStartInfo Node(string script, params string[] arguments) => new("node", [script, .. arguments]);

    /// <summary>initdb and postgres refuse to run as root: as root, run them as the <c>postgres</c> user (scripts/lib/servers.sh, pg_as_owner).</summary>
    private static ProcessStartInfo AsOwner(string program, params string[] arguments) =>
        Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments]) { WorkingDirectory = "/" }
            : new ProcessStartInfo(program, arguments) { WorkingDirectory = "/" };

    private static string PostgresBin() =>
        Directory.Exists("/usr/lib/postgresql")
        && Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "postgres")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault() is { } bin
            ? bin
            : throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/postgres): `./stockmonitor test` installs it (apt-get install postgresql).");

    private async Task InitPostgresAsync(string bin)
    {
        Directory.CreateDirectory(SocketDirectory);
        var passwordFile = Path.Combine(folder, "pwfile");
        await File.WriteAllTextAsync(passwordFile, "stockmonitor\n");
        if (Environment.UserName == "root")
        {
            foreach (var path in new[] { folder, DataDirectory, SocketDirectory, passwordFile })
            {
                using var chown = Process.Start("chown", ["postgres:postgres", path])!;
                await chown.WaitForExitAsync();
            }
        }

        var init = AsOwner(Path.Combine(bin, "initdb"), "-D", DataDirectory, "-U", "stockmonitor", $"--pwfile={passwordFile}", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale");
        init.RedirectStandardOutput = true;
        init.RedirectStandardError = true;
        using var initdb = Process.Start(init)!;
        var said = await initdb.StandardError.ReadToEndAsync() + await initdb.StandardOutput.ReadToEndAsync();
        await initdb.WaitForExitAsync();
        if (initdb.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({initdb.ExitCode}): {said}");
        }
    }

    private async Task<bool> PostgresAnswersAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresAdminConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

}
