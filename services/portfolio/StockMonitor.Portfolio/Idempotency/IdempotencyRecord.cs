namespace StockMonitor.Portfolio.Idempotency;

/// <summary>
/// The answer given to a command sent with an <c>Idempotency-Key</c>, stored in the same transaction as the events
/// it appended, so a retry gets exactly that answer and appends nothing. <see cref="Id"/> = owner + key. It replays
/// until <see cref="IdempotencyOptions.IdempotencyRetention"/> after <see cref="CreatedAt"/>, then is deleted.
/// </summary>
/// <param name="RequestHash">SHA-256 of method, path and body: the same key on a different request is refused.</param>
public sealed record IdempotencyRecord(string Id, string RequestHash, int StatusCode, string Body, string? ETag, string? Location, DateTimeOffset CreatedAt);
