namespace StockMonitor.Bridge.Reading;

/// <summary>A shard whose reader keeps failing: since when, how many attempts in a row, and the last step that failed.</summary>
public sealed record ShardTrouble(string ShardId, DateTimeOffset Since, int Attempts, string Step, string Error);
