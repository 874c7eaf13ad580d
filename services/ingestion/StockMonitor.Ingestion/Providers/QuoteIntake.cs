using StockMonitor.Contracts.Quotes;
using StockMonitor.Ingestion.Publishing;

namespace StockMonitor.Ingestion.Providers;

/// <summary>
/// The one way into Kinesis for every provider: a quote is checked against <see cref="QuoteValidation"/> and
/// a plausibility window for its time, counted, and handed to the producer (waiting while its buffer is
/// full). Whatever does not become a quote is reported here too, so every failure is counted, and logged
/// once with the symbol and the reason (a run of the same failure once, when it starts: <see cref="FailureStreak"/>).
/// </summary>
public sealed partial class QuoteIntake(KinesisQuoteProducer producer, IngestionMetrics metrics, TimeProvider time, ILogger<QuoteIntake> logger)
{
    /// <summary>How far in the future an observation time may be (clock skew) before it is rejected: the rule the bridge applies too.</summary>
    public static readonly TimeSpan MaxClockSkew = QuoteValidation.MaxClockSkew;

    /// <summary>Validates and forwards <paramref name="quote"/>; false when it was rejected.</summary>
    public async ValueTask<bool> EmitAsync(string provider, Quote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var problem = QuoteValidation.Validate(quote, time.GetUtcNow());

        if (problem is not null)
        {
            Failed(provider, quote.Symbol, FailureReason.InvalidQuote, problem);
            return false;
        }

        await producer.EnqueueAsync(quote, cancellationToken);
        metrics.Emitted(provider);
        return true;
    }

    /// <summary>The source returned <paramref name="count"/> quotes (before validation and de-duplication).</summary>
    public void Fetched(string provider, int count = 1) => metrics.Fetched(provider, count);

    /// <summary>A quote was left out on purpose, e.g. unchanged since the last one.</summary>
    public void Skipped(string provider, string symbol, string reason)
    {
        metrics.Skipped(provider, reason);
        LogSkipped(provider, symbol, reason);
    }

    /// <summary>The source asked us to slow down.</summary>
    public void Throttled(string provider, string detail)
    {
        metrics.Throttled(provider);
        LogThrottled(provider, detail);
    }

    /// <summary>An answer that produced no quote, for <paramref name="symbol"/> (null when it concerns several).</summary>
    public void Failed(string provider, string? symbol, string reason, string detail)
    {
        metrics.Failed(provider, reason);
        LogFailed(provider, symbol ?? "-", reason, detail);
    }

    /// <summary>
    /// Counts a failure without logging it: for the repeats of a failure whose start was logged with
    /// <see cref="Failed"/> (see <see cref="FailureStreak"/>).
    /// </summary>
    public void CountFailure(string provider, string reason) => metrics.Failed(provider, reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Provider}: {Symbol} skipped ({Reason})")]
    private partial void LogSkipped(string provider, string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider}: throttled: {Detail}")]
    private partial void LogThrottled(string provider, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider}: {Symbol} rejected ({Reason}): {Detail}")]
    private partial void LogFailed(string provider, string symbol, string reason, string detail);
}
