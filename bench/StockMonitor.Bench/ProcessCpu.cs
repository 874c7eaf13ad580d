using System.Globalization;

namespace StockMonitor.Bench;

/// <summary>
/// CPU time used by this machine's processes, read from <c>/proc</c> (Linux): taken before and after a timed run, the
/// difference shows which process the cores worked for — what bounds a run on a machine whose cores are all busy.
/// </summary>
internal sealed class ProcessCpu
{
    /// <summary>The processes reported, by a word of their command line; the others count as "other".</summary>
    private static readonly string[] Known =
        ["kinesalite", "dynalite", "s3rver", "beam.smp", "postgres", "StockMonitor.Pricing", "StockMonitor.Archive", "StockMonitor.Bridge", "StockMonitor.Portfolio", "StockMonitor.Bench"];

    private readonly Dictionary<int, (string Name, double Seconds)> processes;

    private ProcessCpu(Dictionary<int, (string Name, double Seconds)> processes) => this.processes = processes;

    public static ProcessCpu Take()
    {
        var processes = new Dictionary<int, (string, double)>();
        if (!Directory.Exists("/proc"))
        {
            return new ProcessCpu(processes);
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the command name: state is the 1st, utime and stime the 12th and 13th (clock ticks, 100 per second).
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                processes[pid] = (Known.FirstOrDefault(command.Contains) ?? "other", ticks / 100.0);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }

        return new ProcessCpu(processes);
    }

    /// <summary>CPU seconds per process name since <paramref name="before"/>, largest first (processes that ended in between are not counted).</summary>
    public IReadOnlyList<(string Name, double Seconds)> Since(ProcessCpu before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return processes
            .Select(p => (p.Value.Name, Seconds: p.Value.Seconds - (before.processes.TryGetValue(p.Key, out var b) ? b.Seconds : 0)))
            .GroupBy(p => p.Name)
            .Select(g => (g.Key, g.Sum(p => p.Seconds)))
            .Where(p => p.Item2 >= 0.01)
            .OrderByDescending(p => p.Item2)
            .ToList();
    }
}
