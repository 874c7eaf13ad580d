namespace StockMonitor.Dashboard.Market;

/// <summary>The last price of a sparkline step that starts at <paramref name="At"/>.</summary>
public sealed record SparkPoint(DateTimeOffset At, decimal Close);
