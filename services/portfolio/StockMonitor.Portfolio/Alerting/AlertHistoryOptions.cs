namespace StockMonitor.Portfolio.Alerting;

/// <summary>How long the alert history is kept (section <c>Portfolio</c>).</summary>
public sealed class AlertHistoryOptions
{
    public const string SectionName = "Portfolio";

    /// <summary>Firings triggered longer ago than this are deleted (checked every hour).</summary>
    public TimeSpan AlertHistoryRetention { get; set; } = TimeSpan.FromDays(30);
}
