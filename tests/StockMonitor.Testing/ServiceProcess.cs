using System.Diagnostics;
using System.Net;

namespace StockMonitor.Testing;

/// <summary>
/// A service started as a separate process from its build output, as <c>./stockmonitor up</c> runs it. Keeps
/// the last lines of its output to explain a failure; killed (not stopped) on dispose unless stopped before.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private bool disposed;
    private readonly RecentLines output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        output.Follow(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => disposed || process.HasExited;

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => process.Id;

    /// <summary>The last lines the process wrote.</summary>
    public string RecentOutput => output.ToString();

    /// <summary>
    /// Starts <c>services/&lt;area&gt;/&lt;project&gt;</c> from its build output with <paramref name="settings"/>
    /// (configuration keys; <c>:</c> becomes <c>__</c>) and waits until <c>/health</c> answers 200.
    /// </summary>
    /// <param name="port">The port to listen on (e.g. the one of a process being restarted); a free one by default.</param>
    /// <param name="startTimeout">How long it may take to answer healthy (default 60 s).</param>
    public static async Task<ServiceProcess> StartAsync(
        string area, string project, IReadOnlyDictionary<string, string> settings, string? name = null, int? port = null, TimeSpan? startTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(RepositoryRoot(), "services", area, project, "bin", BuildConfiguration(), "net10.0", project + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution first (`./stockmonitor test` does).", dll);
        }

        port ??= LocalPort.Free();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var service = new ServiceProcess(name ?? project, process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            // Generous: on a loaded 2-core machine six services starting at once each take well over a minute.
            await service.WaitHealthyAsync(startTimeout ?? TimeSpan.FromSeconds(120));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>SIGKILL: no shutdown hooks run, as when a node dies.</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>SIGTERM and wait, as Kubernetes stops a pod.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
    }

    /// <summary>Kills and releases the process; a second call does nothing (a fixture may dispose what a failed restart disposed).</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        Kill();
        disposed = true;
        await Task.Yield();
        process.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{Name} exited with code {process.ExitCode}.");
                    }

                    return (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
                },
                $"{Name} to report healthy",
                timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Its output:{Environment.NewLine}{RecentOutput}", ex);
        }
    }


    /// <summary>The configuration the tests were built with; the services were built alongside.</summary>
    public static string BuildConfiguration() =>
        Environment.GetEnvironmentVariable("STOCKMONITOR_BUILD_CONFIGURATION")
        ?? (AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug");

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StockMonitor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No StockMonitor.sln above {AppContext.BaseDirectory}.");
    }
}
