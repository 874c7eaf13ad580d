namespace StockMonitor.Portfolio.Idempotency;

/// <summary>How long an <c>Idempotency-Key</c> is remembered (section <c>Portfolio</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Portfolio";

    /// <summary>
    /// A key older than this no longer replays: the same key then runs the command anew, so a client must not retry
    /// a request after this long. Three days cover a retry after a weekend outage; expired records are deleted hourly.
    /// </summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(3);
}
