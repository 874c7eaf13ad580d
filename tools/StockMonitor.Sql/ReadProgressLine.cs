using System.Diagnostics;
using System.Globalization;
using StockMonitor.Lake;

namespace StockMonitor.Sql;

/// <summary>
/// Shows on stderr how far reading the lake is, when it reads many objects: one line rewritten in place on a terminal,
/// a line every second otherwise; then a summary.
/// </summary>
internal sealed class ReadProgressLine(TextWriter stderr, bool interactive) : IProgress<LakeReadProgress>
{
    private const int Many = 10;
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan? lastShown;
    private bool shown;
    private int mostDone;

    public void Report(LakeReadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            // Reports of parallel downloads arrive in any order: one behind what was shown already says nothing new.
            var interval = interactive ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
            if (value.ObjectsTotal < Many || value.ObjectsDone <= mostDone
                || (lastShown is { } last && clock.Elapsed - last < interval && value.ObjectsDone != value.ObjectsTotal))
            {
                return;
            }

            mostDone = value.ObjectsDone;

            lastShown = clock.Elapsed;
            shown = true;
            var line = string.Create(CultureInfo.InvariantCulture, $"reading the lake: {value.ObjectsDone}/{value.ObjectsTotal} objects ({value.ObjectsDownloaded} downloaded, {Megabytes(value.BytesDownloaded)})");
            stderr.Write(interactive ? $"\r{line}" : $"{line}\n");
        }
    }

    /// <summary>Ends the progress line; with a result, says what was read and how long it took.</summary>
    public void Finish(LakeQueryResult? result)
    {
        lock (gate)
        {
            if (shown && interactive)
            {
                stderr.Write('\n');
            }

            if (result is not null && result.ObjectsRead >= Many)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {result.ObjectsRead} objects of {result.Partitions.Count} {(result.Partitions.Count == 1 ? "partition" : "partitions")} ({result.ObjectsDownloaded} downloaded) in {clock.Elapsed.TotalSeconds:0.0} s"));
            }

            stderr.Flush();
        }
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:0.0} MB");
}
