using Microsoft.Extensions.Options;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// Keeps <see cref="FinnhubReferenceBook"/> filled for every symbol of the universe and the current US trading day,
/// one REST request at a time, <see cref="FinnhubOptions.RestRequestInterval"/> apart, beside the trade stream and
/// never in its way. A symbol is asked once a day; if that happened before the session opened (the answer then
/// describes the last session), once more just after the open for the day's open, high and low. A failure is
/// reported once per symbol and day and retried after <see cref="FinnhubOptions.RestRetryDelay"/>; meanwhile the
/// symbol's trades go out without a previous close.
/// </summary>
public sealed partial class FinnhubReferenceFetcher(
    FinnhubReferenceClient client,
    FinnhubReferenceBook book,
    SymbolUniverse universe,
    QuoteIntake intake,
    IOptions<FinnhubOptions> options,
    TimeProvider time,
    ILogger<FinnhubReferenceFetcher> logger)
{
    /// <summary>How long after the opening bell the second request of a day is made.</summary>
    public static readonly TimeSpan AfterOpen = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, SymbolState> states = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Taken before reading the symbols, so a change in between is not missed.
            var changed = universe.WaitForChangeAsync(CancellationToken.None);
            var now = time.GetUtcNow();
            var day = UsMarket.TradingDay(now);
            var symbols = universe.Symbols;
            var due = symbols.FirstOrDefault(s => IsDue(s, day, now));
            if (due is not null)
            {
                var pause = await FetchAsync(due, day, settings, cancellationToken);
                await Task.Delay(pause, time, cancellationToken);
                continue;
            }

            await WaitAsync(changed, NextWake(symbols, day) - now, cancellationToken);
        }
    }

    /// <summary>
    /// When a day whose reference came from a snapshot of an earlier session should be asked again: just after that
    /// day's opening bell when it is a weekday still before it; otherwise not that day (null).
    /// </summary>
    public static DateTimeOffset? SecondRequestTime(DateOnly day, DateTimeOffset now)
    {
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return null;
        }

        var open = UsMarket.FromEastern(day.ToDateTime(UsMarket.Open));
        return now < open ? open + AfterOpen : null;
    }

    private bool IsDue(string symbol, DateOnly day, DateTimeOffset now) =>
        !states.TryGetValue(symbol, out var state) || state.Day != day || state.NextAttempt <= now;

    private DateTimeOffset NextWake(IEnumerable<string> symbols, DateOnly day)
    {
        var wake = UsMarket.FromEastern(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
        foreach (var symbol in symbols)
        {
            if (states.TryGetValue(symbol, out var state) && state.Day == day && state.NextAttempt < wake)
            {
                wake = state.NextAttempt.Value;
            }
        }

        return wake;
    }

    /// <summary>Asks for one symbol and records the outcome; returns how long to wait before the next request.</summary>
    private async Task<TimeSpan> FetchAsync(string symbol, DateOnly day, FinnhubOptions settings, CancellationToken cancellationToken)
    {
        if (!states.TryGetValue(symbol, out var state) || state.Day != day)
        {
            state = states[symbol] = new SymbolState(day);
        }

        var result = await client.FetchAsync(symbol, day, cancellationToken);
        var now = time.GetUtcNow();
        if (result.IsThrottled)
        {
            intake.Throttled(FinnhubProvider.Source, result.Problem ?? "HTTP 429");
            state.NextAttempt = now + settings.RestRetryDelay;
            return settings.RestRetryDelay;
        }

        if (result.Reference is { } reference)
        {
            book.Set(symbol, reference);
            state.NextAttempt = result.IsComplete ? null : SecondRequestTime(day, now);
            LogLoaded(symbol, reference.PreviousClose, day, result.IsComplete);
            return settings.RestRequestInterval;
        }

        if (!state.FailureReported)
        {
            intake.Failed(FinnhubProvider.Source, symbol, result.FailureReason ?? FailureReason.MalformedResponse, result.Problem ?? string.Empty);
            state.FailureReported = true;
        }

        // An unknown symbol stays unknown for the day; anything else may be transient.
        state.NextAttempt = result.FailureReason == FailureReason.UnknownSymbol ? null : now + settings.RestRetryDelay;
        return settings.RestRequestInterval;
    }

    private async Task WaitAsync(Task changed, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stopDelay.Token);
        await Task.WhenAny(changed, delay);
        await stopDelay.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finnhub: {Symbol} previous close {PreviousClose} for {Day} (with the day's open/high/low: {Complete})")]
    private partial void LogLoaded(string symbol, decimal previousClose, DateOnly day, bool complete);

    private sealed class SymbolState(DateOnly day)
    {
        public DateOnly Day { get; } = day;

        /// <summary>When to ask again this day; null: not this day.</summary>
        public DateTimeOffset? NextAttempt { get; set; }

        public bool FailureReported { get; set; }
    }
}
