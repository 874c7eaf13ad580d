namespace StockMonitor.Pricing;

/// <summary>Settings of the pricing service (section <c>Pricing</c>, e.g. <c>Pricing__PublishTimeout</c>), validated at start.</summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>
    /// Least time from one batch's start to the next: quotes that arrive meanwhile are written together. Longer means
    /// fewer DynamoDB calls and <c>PriceChanged</c> messages per quote (each batch writes and announces every touched
    /// symbol's latest item once), shorter means fresher prices. At 1,000 quotes/s over 100 symbols, 100 ms gives about
    /// 0.03 DynamoDB calls per quote (docs/benchmarks.md).
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Least time between writes of a symbol's touched minute and hour bars (latest items are written every batch); the
    /// symbols are spread over it, each at a phase of its own. A quote's message is acknowledged after the bar write
    /// that covers it, so this also bounds how long it waits.
    /// </summary>
    public TimeSpan BarFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most symbols whose bars are written per second (spread over the batches: this × <see cref="FlushInterval"/> per
    /// batch, the longest overdue first). Below it, each touched symbol's bars are written every
    /// <see cref="BarFlushInterval"/>; with more symbols than that, each one's bars wait longer and carry more ticks, so the
    /// bar writes (two items per symbol) leave DynamoDB room for the latest items. The default, 500 (about 1,000 items/s),
    /// is a third of what the local table server writes per second.
    /// </summary>
    public int BarSymbolsPerSecond { get; set; } = 500;

    /// <summary>How long the pricing lease lasts unless renewed; an instance that dies is taken over after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long before its lease expires (by its own clock) an instance stops writing: covers clock skew between instances.</summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a <c>PriceChanged</c> / <c>PriceAlertTriggered</c> publish may wait for the broker's confirm before the
    /// batch is retried. Without a bound, a confirm lost with a broker connection would hold every later quote.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long quotes may wait with no batch attempt starting or ending before <c>/health</c> and <c>/alive</c>
    /// answer Unhealthy (so Kubernetes restarts a stalled instance instead of leaving it silently stuck).
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest pause between attempts at a batch while DynamoDB or the broker fails (backpressure).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
