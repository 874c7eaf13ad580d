namespace StockMonitor.Deployment.Tests;

/// <summary>A service as it is deployed: its name (image, manifest, Kubernetes objects), project and assembly.</summary>
public sealed record DeployedService(string Name, string ProjectDir, string Assembly, bool CallsAws)
{
    public static IReadOnlyList<DeployedService> All { get; } =
    [
        new("portfolio", "services/portfolio/StockMonitor.Portfolio", "StockMonitor.Portfolio.dll", CallsAws: false),
        new("pricing", "services/pricing/StockMonitor.Pricing", "StockMonitor.Pricing.dll", CallsAws: true),
        new("ingestion", "services/ingestion/StockMonitor.Ingestion", "StockMonitor.Ingestion.dll", CallsAws: true),
        new("bridge", "services/ingestion/StockMonitor.Bridge", "StockMonitor.Bridge.dll", CallsAws: true),
        new("archive", "services/archive/StockMonitor.Archive", "StockMonitor.Archive.dll", CallsAws: true),
        new("dashboard", "services/dashboard/StockMonitor.Dashboard", "StockMonitor.Dashboard.dll", CallsAws: false),
    ];

    public static IEnumerable<object[]> Names => All.Select(s => new object[] { s.Name });

    public override string ToString() => Name;
}
