namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>
/// The tests that run bridge instances as processes run one after another: each starts up to two services and a
/// steady producer, and lease timings are easier to reason about when they do not compete for the same cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BridgeProcesses
{
    public const string Name = "bridge processes";
}
