using Amazon.DynamoDBv2.Model;
using StockMonitor.Testing;

namespace StockMonitor.Aws.Tests.Dynamo;

/// <summary>A table of its own on the shared dynalite (partition key <c>series</c>, sort key <c>bucket</c>), deleted after the test.</summary>
public abstract class DynaliteTable : IAsyncLifetime
{
    protected TestInfrastructure Infra { get; private set; } = null!;

    protected string Table { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Infra = await TestInfrastructure.GetAsync();
        Table = TestInfrastructure.UniqueName("t") + "-dynamo";
        await Infra.Provisioner.EnsureTableAsync(TableDefinitions.QuoteBars(Table));
    }

    public async Task DisposeAsync() => await Infra.DynamoDb.DeleteTableAsync(Table);

    protected static Dictionary<string, AttributeValue> Key(string series, int bucket) =>
        new() { ["series"] = new(series), ["bucket"] = new(bucket.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)) };
}
