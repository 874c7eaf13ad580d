namespace StockMonitor.Dashboard.Tests.Browser;

/// <summary>The browser tests share one <see cref="RunningSystem"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<RunningSystem>
{
    public const string Name = "browser";
}
