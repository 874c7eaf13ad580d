using System.Collections.Concurrent;
using System.Diagnostics;

namespace StockMonitor.Testing;

/// <summary>The last lines a test's child processes wrote (stdout and stderr), kept to explain a failure.</summary>
public sealed class RecentLines
{
    private const int Kept = 200;

    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>Keeps what <paramref name="process"/> writes; call before <see cref="Process.BeginOutputReadLine"/>.</summary>
    public void Follow(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > Kept)
        {
            lines.TryDequeue(out _);
        }
    }

    public override string ToString() => string.Join(Environment.NewLine, lines);
}
