namespace StockMonitor.Portfolio.Apis;

/// <summary>What every command body is validated against: the time of the request and the caller (the token's subject).</summary>
public sealed record CommandContext(DateTimeOffset Now, string Owner);
