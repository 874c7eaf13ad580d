namespace StockMonitor.Grafana.Tests;

/// <summary>The test classes that run panel queries share one <see cref="RunningStack"/>.</summary>
[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<RunningStack>
{
    public const string Name = "running stack";
}
