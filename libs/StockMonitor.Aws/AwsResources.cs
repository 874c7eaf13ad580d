namespace StockMonitor.Aws;

/// <summary>
/// The names of every AWS resource the system uses, bound from the <c>Resources</c> configuration section
/// (e.g. <c>Resources__LakeBucket</c>). The defaults are the production names; tests override them to
/// run in isolation.
/// </summary>
public sealed class AwsResources
{
    public const string SectionName = "Resources";

    /// <summary>Kinesis stream of <c>quote.v1</c> records.</summary>
    public string QuoteStream { get; set; } = "stockmonitor-quotes";

    /// <summary>Shards created for the quote stream by provisioning.</summary>
    public int QuoteStreamShards { get; set; } = 4;

    /// <summary>DynamoDB table of the latest quote per symbol (partition key <c>symbol</c>).</summary>
    public string QuotesLatestTable { get; set; } = "stockmonitor-quotes-latest";

    /// <summary>DynamoDB table of OHLCV bars (partition key <c>series</c>, sort key <c>bucket</c>).</summary>
    public string QuoteBarsTable { get; set; } = "stockmonitor-quote-bars";

    /// <summary>DynamoDB table of the bridge's shard leases and checkpoints (partition key <c>shardId</c>).</summary>
    public string BridgeLeaseTable { get; set; } = "stockmonitor-bridge-leases";

    /// <summary>DynamoDB table of the symbols each portfolio holds or watches (partition key <c>portfolioId</c>), read by ingestion.</summary>
    public string SymbolUniverseTable { get; set; } = "stockmonitor-symbol-universe";

    /// <summary>DynamoDB table of price alert rules and their evaluation state (partition key <c>ruleId</c>), owned by pricing.</summary>
    public string AlertRulesTable { get; set; } = "stockmonitor-alert-rules";

    /// <summary>S3 bucket of the data lake.</summary>
    public string LakeBucket { get; set; } = "stockmonitor-lake";
}
