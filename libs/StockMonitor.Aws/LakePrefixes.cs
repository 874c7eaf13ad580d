namespace StockMonitor.Aws;

/// <summary>
/// Where in the lake bucket each writer other than the archive's quotes table puts its objects (the quotes
/// themselves are under <c>QuotesTable.Prefix</c>, <c>quotes/</c>). The services and the IAM policies of
/// <c>infra/</c> read them here, so a role's prefix is the one its service writes.
/// </summary>
public static class LakePrefixes
{
    /// <summary>The bridge's rejected Kinesis records.</summary>
    public const string DeadLetters = "dead-letter/quotes/";

    /// <summary>Lake objects the archive could not read, moved aside (<c>quarantine/quotes/...</c>) out of the table's location.</summary>
    public const string Quarantine = "quarantine/";
}
