namespace StockMonitor.Portfolio.Idempotency;

/// <summary>A request's <c>Idempotency-Key</c> as stored: <see cref="RecordId"/> = owner + key, and the hash of the request it names.</summary>
/// <param name="RequestHash">SHA-256 of method, path and body.</param>
public sealed record IdempotencyKey(string RecordId, string RequestHash);
