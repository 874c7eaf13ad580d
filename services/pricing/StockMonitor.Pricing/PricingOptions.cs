namespace StockMonitor.Pricing;

/// <summary>Settings of the pricing service (section <c>Pricing</c>, e.g. <c>Pricing__PublishTimeout</c>), validated at start.</summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>Least time between a symbol's hour roll-up + statistics passes (minute bars follow every 2 s regardless).</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(15);

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
