namespace StockMonitor.Ingestion.Simulation;

/// <summary>Settings of the simulated feed (section <c>Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>
    /// On, off, or (null) on exactly when no real provider is configured.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Time between two quotes of the same symbol.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of the random walks; the same seed gives the same series for a symbol.</summary>
    public int Seed { get; set; } = 20261128;

    /// <summary>Emit only during the US regular session (09:30–16:00 Eastern, weekdays).</summary>
    public bool MarketHoursOnly { get; set; }

    /// <summary>Expected jumps per symbol per trading day (Poisson); each moves the price by a few percent.</summary>
    public double JumpsPerDay { get; set; } = 2;
}
