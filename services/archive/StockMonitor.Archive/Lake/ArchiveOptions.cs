namespace StockMonitor.Archive.Lake;

/// <summary>Settings of the lake writer (section <c>Archive</c>).</summary>
public sealed class ArchiveOptions
{
    public const string SectionName = "Archive";

    /// <summary>
    /// <c>QuotesReceived</c> messages (runs of up to 500 quotes) per batch, hence per Parquet object (the broker's
    /// prefetch is twice this, so at most 1,000).
    /// </summary>
    public int MaxRunsPerObject { get; set; } = 200;

    /// <summary>
    /// How long a batch collects quotes before it is written, however few it has: seconds to minutes of data per
    /// object, as Athena prefers. Quotes are acknowledged only once their object is written, so a longer wait delays
    /// acknowledgements, never durability (until then the broker keeps them).
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How far back the archive remembers which quotes the lake holds (read back from the objects written in that
    /// time, by any instance): a quote delivered again within it is not written twice.
    /// </summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromMinutes(30);
}
