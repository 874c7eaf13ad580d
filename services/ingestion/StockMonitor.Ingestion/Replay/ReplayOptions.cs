namespace StockMonitor.Ingestion.Replay;

/// <summary>Settings of the CSV replay (section <c>Replay</c>); setting <see cref="File"/> turns it on.</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "Replay";

    /// <summary>Path of the CSV file (see <see cref="ReplayCsv"/> for the columns).</summary>
    public string? File { get; set; }

    /// <summary>Replay speed: 1 = as recorded, 60 = a minute per second, 0 = as fast as the producer takes them.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Start again at the end of the file (times keep moving forward).</summary>
    public bool Loop { get; set; }

    /// <summary>Shift the recorded times so the first row is "now" (for live demos); off keeps the recorded times.</summary>
    public bool ShiftToNow { get; set; } = true;
}
