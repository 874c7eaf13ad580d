namespace StockMonitor.Grafana.Tests;

/// <summary>The test classes that run panel queries share one <see cref="RunningSystem"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RunningSystemGroup : ICollectionFixture<RunningSystem>
{
    public const string Name = "running stack";
}
