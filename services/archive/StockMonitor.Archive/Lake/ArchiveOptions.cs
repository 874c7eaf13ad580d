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

    /// <summary>How often the lake's small objects are merged (see <c>LakeCompactor</c>); zero turns compaction off.</summary>
    public TimeSpan CompactEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after an hour (of object write times) ended its objects are merged: no writer adds to it any more.</summary>
    public TimeSpan CompactAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many days back (besides today) compaction looks at; later objects of older days stay as they are.</summary>
    public int CompactDays { get; set; } = 2;

    /// <summary>The size merged objects aim at; objects of at least half of it are left alone.</summary>
    public long CompactTargetBytes { get; set; } = 64L * 1024 * 1024;
}
