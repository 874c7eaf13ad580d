using System.Globalization;
using Microsoft.Extensions.Options;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.RateLimiting;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// One step at a time of the Alpha Vantage feed (<see cref="PollOnceAsync"/>): takes a token from the key's bucket
/// (one request every 1/N minute of the plan, never a burst), asks for the next due symbol (or the next batch of up
/// to 100 in bulk mode) in round-robin order, each symbol at most once per <see cref="AlphaVantageOptions.MinSymbolInterval"/>,
/// and hands the outcome to <see cref="QuoteIntake"/>: quotes emitted, unchanged ones skipped, every failure
/// reported once with the symbol and the reason. Unknown symbols are parked; a rate-limit notice pauses every request
/// with a doubling backoff, and so does a source that fails to answer (<see cref="FailureStreak"/>, logged once per
/// run). When <c>REALTIME_BULK_QUOTES</c> is refused (not in the plan, an error, no data) it falls back to
/// <c>GLOBAL_QUOTE</c> per symbol and tries bulk again after <see cref="AlphaVantageOptions.BulkRetryInterval"/>.
/// Not thread-safe: one loop drives it. State (rotation, parked symbols, bucket) survives a restart of the provider.
/// </summary>
public sealed partial class AlphaVantagePoller
{
    public const string ProviderName = "alphavantage";
    public const string UnchangedReason = "unchanged";
    private const int MaxMessageLength = 300;

    private readonly AlphaVantageClient client;
    private readonly AlphaVantageOptions settings;
    private readonly QuoteIntake intake;
    private readonly SymbolUniverse universe;
    private readonly TimeProvider time;
    private readonly ILogger<AlphaVantagePoller> logger;
    private readonly PollingSchedule schedule;
    private readonly FailureStreak failures;
    private readonly Dictionary<string, (DateOnly Day, decimal Price, decimal? Volume)> lastEmitted = new(StringComparer.Ordinal);
    private TimeSpan nextBackoff;
    private DateTimeOffset? pausedUntil;
    private DateTimeOffset? bulkRefusedUntil;

    public AlphaVantagePoller(
        AlphaVantageClient client, IOptions<AlphaVantageOptions> options, QuoteIntake intake, SymbolUniverse universe, TimeProvider time, ILogger<AlphaVantagePoller> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        settings = options.Value;
        this.intake = intake;
        this.universe = universe;
        this.time = time;
        this.logger = logger;
        schedule = new PollingSchedule(settings.MinSymbolInterval);
        failures = new FailureStreak(ProviderName, settings.FailureBackoff, settings.MaxFailureBackoff, intake, logger);
        Bucket = settings.ParsedPlan.CreateBucket(time);
        nextBackoff = settings.ThrottleBackoff;
    }

    /// <summary>The request budget of the key, shared by every symbol.</summary>
    public TokenBucket Bucket { get; }

    /// <summary>
    /// Makes at most one request, if it may now. Returns zero when it made one (call again), otherwise how long nothing
    /// can be done: the rest of a pause (throttled or failing), the time until the next symbol is due or the key's next
    /// token, or <see cref="Timeout.InfiniteTimeSpan"/> while the universe is empty.
    /// </summary>
    public async Task<TimeSpan> PollOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (pausedUntil is { } until && until > now)
        {
            return until - now;
        }

        var wait = schedule.TimeUntilDue(universe.Symbols, now);
        if (wait != TimeSpan.Zero)
        {
            return wait ?? Timeout.InfiniteTimeSpan;
        }

        var bulk = UseBulk(now);
        var batch = schedule.Next(universe.Symbols, now, bulk ? settings.BulkBatchSize : 1);
        if (batch.Count == 0)
        {
            // The universe changed since it was looked at.
            return TimeSpan.Zero;
        }

        // Requests are spaced evenly over the plan's period: the bucket holds one token, so it never bursts.
        if (!Bucket.TryTake())
        {
            return Bucket.TimeUntilAvailable();
        }

        if (bulk)
        {
            if (await PollBatchAsync(batch, cancellationToken))
            {
                schedule.Polled(batch, now);
            }
        }
        else
        {
            schedule.Polled(batch, now);
            await PollSymbolAsync(batch[0], cancellationToken);
        }

        return TimeSpan.Zero;
    }

    /// <summary>Bulk quotes unless the plan lacks them, or they were refused less than a retry interval ago.</summary>
    private bool UseBulk(DateTimeOffset now) => settings.UseBulkQuotes && !(bulkRefusedUntil > now);

    private async Task PollSymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        var fetch = await client.GlobalQuoteAsync(symbol, cancellationToken);
        if (!fetch.Succeeded)
        {
            Failing(symbol, fetch.FailureReason, fetch.Detail);
            return;
        }

        failures.Succeeded(time.GetUtcNow());
        var response = AlphaVantageParser.ParseGlobalQuote(fetch.Body);
        if (response.Kind is AlphaVantageResponseKind.Throttled or AlphaVantageResponseKind.NotEntitled or AlphaVantageResponseKind.Notice)
        {
            // GLOBAL_QUOTE is in every plan: any notice here means "not now".
            Throttle(symbol, response.Message);
            return;
        }

        nextBackoff = settings.ThrottleBackoff;
        switch (response.Kind)
        {
            case AlphaVantageResponseKind.NoQuote:
            case AlphaVantageResponseKind.ErrorMessage:
                Unknown(symbol, response.Kind == AlphaVantageResponseKind.NoQuote ? "no quote (empty \"Global Quote\")" : $"\"Error Message\": {Message(response.Message)}");
                break;
            case AlphaVantageResponseKind.Malformed:
                intake.Failed(ProviderName, symbol, FailureReason.MalformedResponse, Message(response.Message));
                break;
            default:
                schedule.Unpark(symbol);
                await EmitAsync(symbol, response.Quotes[0], cancellationToken);
                break;
        }
    }

    /// <summary>One bulk call; false when bulk quotes were refused (the batch is then still due, for GLOBAL_QUOTE).</summary>
    private async Task<bool> PollBatchAsync(IReadOnlyList<string> batch, CancellationToken cancellationToken)
    {
        var fetch = await client.BulkQuotesAsync(batch, cancellationToken);
        if (!fetch.Succeeded)
        {
            Failing(null, fetch.FailureReason, $"{Describe(batch)}: {fetch.Detail}");
            return true;
        }

        failures.Succeeded(time.GetUtcNow());
        var response = AlphaVantageParser.ParseBulkQuotes(fetch.Body);
        if (response.Kind == AlphaVantageResponseKind.Throttled)
        {
            Throttle(Describe(batch), response.Message);
            return true;
        }

        nextBackoff = settings.ThrottleBackoff;
        if (response.Kind != AlphaVantageResponseKind.Quotes)
        {
            // Not a rate limit: the key cannot have bulk quotes (or they do not work for it) — an "Error Message" here
            // concerns the whole call, not one symbol.
            var reason = response.Kind switch
            {
                AlphaVantageResponseKind.NotEntitled => FailureReason.NotEntitled,
                AlphaVantageResponseKind.ErrorMessage or AlphaVantageResponseKind.Notice => FailureReason.ProviderError,
                _ => FailureReason.MalformedResponse,
            };
            BulkRefused(batch, reason, Message(response.Message));
            return false;
        }

        if (bulkRefusedUntil is not null)
        {
            bulkRefusedUntil = null;
            LogBulkAgain();
        }

        var requested = batch.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var quotes = new Dictionary<string, AlphaVantageQuote>(StringComparer.OrdinalIgnoreCase);
        foreach (var quote in response.Quotes.Where(q => requested.Contains(q.Symbol)))
        {
            quotes[quote.Symbol] = quote;
        }

        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var problem in response.Problems)
        {
            var symbol = problem.Symbol is not null && requested.TryGetValue(problem.Symbol, out var asked) ? asked : null;
            if (symbol is null || reported.Add(symbol))
            {
                intake.Failed(ProviderName, symbol, FailureReason.MalformedResponse, Message(problem.Problem));
            }
        }

        foreach (var symbol in batch)
        {
            if (quotes.TryGetValue(symbol, out var quote))
            {
                schedule.Unpark(symbol);
                await EmitAsync(symbol, quote, cancellationToken);
            }
            else if (!reported.Contains(symbol))
            {
                Unknown(symbol, "not in the bulk answer");
            }
        }

        return true;
    }

    private async Task EmitAsync(string symbol, AlphaVantageQuote source, CancellationToken cancellationToken)
    {
        intake.Fetched(ProviderName);
        var now = time.GetUtcNow();
        if (source.Timestamp is null && source.TradingDay > UsMarket.TradingDay(now + QuoteIntake.MaxClockSkew))
        {
            intake.Failed(ProviderName, symbol, FailureReason.InvalidQuote, $"latest trading day {source.TradingDay:yyyy-MM-dd} is in the future");
            return;
        }

        var fingerprint = (source.TradingDay, source.Price, source.Volume);
        if (lastEmitted.TryGetValue(symbol, out var previous) && previous == fingerprint)
        {
            intake.Skipped(ProviderName, symbol, UnchangedReason);
            return;
        }

        if (await intake.EmitAsync(ProviderName, source.ToQuote(symbol, now, ProviderName), cancellationToken))
        {
            lastEmitted[symbol] = fingerprint;
        }
    }

    private void Unknown(string symbol, string detail)
    {
        var now = time.GetUtcNow();
        schedule.Park(symbol, now + settings.UnknownSymbolPark, now);
        intake.Failed(ProviderName, symbol, FailureReason.UnknownSymbol, $"{detail}; next try in {settings.UnknownSymbolPark}");
    }

    /// <summary>Falls back to GLOBAL_QUOTE until the retry interval is over; logged when it starts, not on each daily retry.</summary>
    private void BulkRefused(IReadOnlyList<string> batch, string reason, string message)
    {
        var retryAt = time.GetUtcNow() + settings.BulkRetryInterval;
        var first = bulkRefusedUntil is null;
        bulkRefusedUntil = retryAt;
        if (first)
        {
            intake.Failed(ProviderName, null, reason, $"{Describe(batch)} refused: {message}; polling GLOBAL_QUOTE per symbol instead, trying REALTIME_BULK_QUOTES again at {retryAt:O}");
        }
        else
        {
            intake.CountFailure(ProviderName, reason);
            LogBulkStillRefused(reason, message, retryAt);
        }
    }

    private void Failing(string? symbol, string reason, string detail) =>
        pausedUntil = time.GetUtcNow() + failures.Failed(symbol, reason, detail, time.GetUtcNow());

    private void Throttle(string who, string? message)
    {
        var pause = nextBackoff;
        pausedUntil = time.GetUtcNow() + pause;
        nextBackoff = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, settings.MaxThrottleBackoff.Ticks));
        intake.Throttled(ProviderName, $"{who}: {Message(message)}; pausing every request for {pause}");
    }

    private string Message(string? text)
    {
        var redacted = client.Redact(text ?? string.Empty);
        return redacted.Length <= MaxMessageLength ? redacted : redacted[..MaxMessageLength] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "alphavantage: REALTIME_BULK_QUOTES answers again; back to bulk quotes")]
    private partial void LogBulkAgain();

    [LoggerMessage(Level = LogLevel.Debug, Message = "alphavantage: REALTIME_BULK_QUOTES still refused ({Reason}): {Detail}; GLOBAL_QUOTE until {RetryAt:O}")]
    private partial void LogBulkStillRefused(string reason, string detail, DateTimeOffset retryAt);

    private static string Describe(IReadOnlyList<string> batch) =>
        batch.Count == 1 ? $"bulk call for {batch[0]}" : $"bulk call for {batch.Count.ToString(CultureInfo.InvariantCulture)} symbols ({batch[0]}…{batch[^1]})";
}
