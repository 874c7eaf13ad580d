using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws;

/// <summary>Every DynamoDB table the system uses: the one place their keys and TTL are written down.</summary>
public static class TableDefinitions
{
    /// <summary>TTL attribute of the bars table (epoch seconds).</summary>
    public const string BarsTtlAttribute = "expiresAt";

    public static TableDefinition QuotesLatestTable { get; } = new("QuotesLatest", r => r.QuotesLatestTable, "symbol");

    public static TableDefinition QuoteBarsTable { get; } = new("QuoteBars", r => r.QuoteBarsTable, "series", "bucket", BarsTtlAttribute);

    public static TableDefinition BridgeLeasesTable { get; } = new("BridgeLeases", r => r.BridgeLeaseTable, "shardId");

    public static TableDefinition SymbolUniverseTable { get; } = new("SymbolUniverse", r => r.SymbolUniverseTable, "portfolioId");

    public static TableDefinition AlertRulesTable { get; } = new("AlertRules", r => r.AlertRulesTable, "ruleId");

    /// <summary>Every table, in the order provisioning creates them.</summary>
    public static IReadOnlyList<TableDefinition> All { get; } = [QuotesLatestTable, QuoteBarsTable, BridgeLeasesTable, SymbolUniverseTable, AlertRulesTable];

    public static CreateTableRequest QuotesLatest(string tableName) => QuotesLatestTable.CreateRequest(tableName);

    public static CreateTableRequest QuoteBars(string tableName) => QuoteBarsTable.CreateRequest(tableName);

    public static CreateTableRequest BridgeLeases(string tableName) => BridgeLeasesTable.CreateRequest(tableName);

    public static CreateTableRequest SymbolUniverse(string tableName) => SymbolUniverseTable.CreateRequest(tableName);

    public static CreateTableRequest AlertRules(string tableName) => AlertRulesTable.CreateRequest(tableName);
}
