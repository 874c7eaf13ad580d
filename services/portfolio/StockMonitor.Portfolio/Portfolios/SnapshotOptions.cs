namespace StockMonitor.Portfolio.Portfolios;

/// <summary>How portfolio states are stored and kept in memory (section <c>Portfolio</c>).</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "Portfolio";

    /// <summary>
    /// A command stores the portfolio's snapshot when this many events or more were recorded since the stored one; a
    /// read folds the events after it (at most this many less one). Lower: more writes per command; higher: longer folds.
    /// </summary>
    public int SnapshotEvery { get; set; } = 20;

    /// <summary>How many portfolio states a replica keeps in memory for commands (least recently used ones leave first).</summary>
    public int CachedPortfolios { get; set; } = 10_000;
}
