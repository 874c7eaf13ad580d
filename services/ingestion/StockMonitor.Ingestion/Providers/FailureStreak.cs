using System.Globalization;

namespace StockMonitor.Ingestion.Providers;

/// <summary>
/// A provider's source failing to answer (unreachable, timing out, HTTP errors), call after call. Each failure in a
/// row pauses the next request longer (doubling from <paramref name="firstPause"/> to <paramref name="maxPause"/>).
/// Every failure is counted, but the log says only when the run starts, when its reason changes and when it ends,
/// with how many failures it held: an outage is a few lines, not one per call. Not thread-safe: one loop drives it.
/// </summary>
public sealed partial class FailureStreak(string provider, TimeSpan firstPause, TimeSpan maxPause, QuoteIntake intake, ILogger logger)
{
    private TimeSpan? nextPause;
    private string? reason;

    /// <summary>Failures in the current run; zero while the source answers.</summary>
    public int Failures { get; private set; }

    /// <summary>When the current run started; null while the source answers.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Records a failure at <paramref name="now"/> and returns how long to pause every request.</summary>
    public TimeSpan Failed(string? symbol, string failureReason, string detail, DateTimeOffset now)
    {
        var pause = nextPause ?? firstPause;
        nextPause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, maxPause.Ticks));
        Failures++;
        Since ??= now;
        var since = Since.Value.ToString("O", CultureInfo.InvariantCulture);
        if (failureReason != reason)
        {
            // The run starts (no reason yet) or its reason changed.
            var count = Failures == 1 ? "" : $", {Failures} failures";
            intake.Failed(provider, symbol, failureReason, $"{detail}; failing since {since}{count}, pausing requests for {pause}");
        }
        else
        {
            intake.CountFailure(provider, failureReason);
            LogStillFailing(provider, failureReason, Since.Value, Failures, pause);
        }

        reason = failureReason;
        return pause;
    }

    /// <summary>The source answered: ends a run of failures, logging how long it lasted and how many failures it held.</summary>
    public void Succeeded(DateTimeOffset now)
    {
        if (Since is { } since)
        {
            LogRecovered(provider, Failures, since, now - since);
        }

        Failures = 0;
        Since = null;
        reason = null;
        nextPause = null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Provider}: still failing ({Reason}) since {Since:O}, {Failures} failures; pausing requests for {Pause}")]
    private partial void LogStillFailing(string provider, string reason, DateTimeOffset since, int failures, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider}: the source answers again after {Failures} failures since {Since:O} ({Duration})")]
    private partial void LogRecovered(string provider, int failures, DateTimeOffset since, TimeSpan duration);
}
