namespace StockMonitor.Portfolio.Relay;

/// <summary>Settings of the bus relay (section <c>Portfolio</c>, e.g. <c>Portfolio__RelayPublishTimeout</c>), validated at start.</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Portfolio";

    /// <summary>
    /// Longest wait for the broker to confirm all the messages of a page; then the page fails and the daemon hands it
    /// over again (a publish after a dropped broker connection can wait forever and ignore its cancellation).
    /// </summary>
    public TimeSpan RelayPublishTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
