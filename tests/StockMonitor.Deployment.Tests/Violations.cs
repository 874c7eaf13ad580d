namespace StockMonitor.Deployment.Tests;

/// <summary>Asserting on a list of problems, each printed in full (xUnit shortens the items of a collection).</summary>
public static class Violations
{
    public static void AssertNone(IReadOnlyCollection<string> violations) =>
        Assert.True(violations.Count == 0, $"{violations.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
}
