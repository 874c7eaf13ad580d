namespace StockMonitor.Ingestion.Simulation;

/// <summary>Settings of the simulated feed (section <c>Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Time between two quotes of the same symbol.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of the random walk; the same seed gives the same series.</summary>
    public int Seed { get; set; } = 20261128;
}
