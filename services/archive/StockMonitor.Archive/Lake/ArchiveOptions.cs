namespace StockMonitor.Archive.Lake;

/// <summary>Settings of the lake writer (section <c>Archive</c>).</summary>
public sealed class ArchiveOptions
{
    public const string SectionName = "Archive";

    /// <summary>Quotes per batch, hence at most per Parquet object.</summary>
    public int MaxQuotesPerObject { get; set; } = 5_000;

    /// <summary>How long a batch collects quotes before it is written, however few it has.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);
}
