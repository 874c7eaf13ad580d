namespace StockMonitor.Ingestion.Finnhub;

/// <summary>The outcome of one REST <c>/quote</c> request: a reference, a failure with its reason, or throttling.</summary>
public sealed record FinnhubReferenceResult
{
    public FinnhubDailyReference? Reference { get; private init; }

    /// <summary>The snapshot is of the day itself, so it carries the day's open, high and low too.</summary>
    public bool IsComplete { get; private init; }

    /// <summary>Finnhub answered 429: too many requests.</summary>
    public bool IsThrottled { get; private init; }

    /// <summary>A <see cref="Providers.FailureReason"/> when nothing usable came back.</summary>
    public string? FailureReason { get; private init; }

    /// <summary>What went wrong, for the log (failure or throttling).</summary>
    public string? Problem { get; private init; }

    public static FinnhubReferenceResult Loaded(FinnhubDailyReference reference, bool complete) => new() { Reference = reference, IsComplete = complete };

    public static FinnhubReferenceResult Failed(string reason, string problem) => new() { FailureReason = reason, Problem = problem };

    public static FinnhubReferenceResult Throttled(string problem) => new() { IsThrottled = true, Problem = problem };
}
