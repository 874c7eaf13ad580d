namespace StockMonitor.Pricing.Quotes;

/// <summary>What the recorder is doing, for its health check: quotes waiting, and when a batch attempt last started or ended.</summary>
/// <param name="Waiting">Quotes handed to the recorder and not yet recorded (or failed).</param>
/// <param name="SinceActivity">Time since a batch attempt last started or ended.</param>
/// <param name="FailingAttempts">Consecutive failed attempts at the current batch (DynamoDB or the broker failing).</param>
/// <param name="LastError">The last failed attempt's error, while attempts are failing.</param>
public sealed record RecorderProgress(int Waiting, TimeSpan SinceActivity, int FailingAttempts, string? LastError);
