using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>Fresh tables for one pricing round (latest quotes, bars, alert rules, bridge leases), deleted after it.</summary>
internal static class PricingTables
{
    public static async Task<AwsResources> CreateAsync(TestInfrastructure infra, string? stream = null)
    {
        var id = TestInfrastructure.UniqueName("bench");
        var resources = new AwsResources
        {
            QuoteStream = stream ?? $"{id}-quotes",
            QuoteStreamShards = 4,
            QuotesLatestTable = $"{id}-quotes-latest",
            QuoteBarsTable = $"{id}-quote-bars",
            BridgeLeaseTable = $"{id}-bridge-leases",
            SymbolUniverseTable = $"{id}-symbol-universe",
            AlertRulesTable = $"{id}-alert-rules",
            LakeBucket = $"{id}-lake",
        };
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.QuotesLatest(resources.QuotesLatestTable));
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.QuoteBars(resources.QuoteBarsTable));
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.AlertRules(resources.AlertRulesTable));
        await infra.Provisioner.EnsureTableAsync(TableDefinitions.BridgeLeases(resources.BridgeLeaseTable));
        return resources;
    }

    public static async Task DeleteAsync(TestInfrastructure infra, AwsResources resources)
    {
        foreach (var table in new[] { resources.QuotesLatestTable, resources.QuoteBarsTable, resources.AlertRulesTable, resources.BridgeLeaseTable })
        {
            try
            {
                await infra.DynamoDb.DeleteTableAsync(table);
            }
            catch (ResourceNotFoundException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Settings for a pricing process on these tables that also logs each batch it records (size and duration).</summary>
    public static Dictionary<string, string> PricingSettings(TestInfrastructure infra, AwsResources resources, string prefix)
    {
        var settings = infra.SettingsFor(resources, prefix);
        settings["Logging:LogLevel:StockMonitor.Pricing.Quotes.QuoteRecorder"] = "Debug";
        return settings;
    }
}
