using System.Globalization;
using Microsoft.Extensions.Options;
using StockMonitor.Markets;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.RateLimiting;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// One step at a time of the Alpha Vantage feed (<see cref="PollOnceAsync"/>): takes a token from the key's bucket,
/// asks for the next symbol (or the next batch of up to 100 in bulk mode) in round-robin order, and hands the
/// outcome to <see cref="QuoteIntake"/>: quotes emitted, unchanged ones skipped, every failure reported once with
/// the symbol and the reason. Unknown symbols are parked; throttling pauses every request with a doubling backoff.
/// Not thread-safe: one loop drives it. State (rotation, parked symbols, bucket) survives a restart of the provider.
/// </summary>
public sealed class AlphaVantagePoller
{
    public const string ProviderName = "alphavantage";
    public const string UnchangedReason = "unchanged";
    private const int MaxMessageLength = 300;

    private readonly AlphaVantageClient client;
    private readonly AlphaVantageOptions settings;
    private readonly QuoteIntake intake;
    private readonly SymbolUniverse universe;
    private readonly TimeProvider time;
    private readonly PollingSchedule schedule = new();
    private readonly Dictionary<string, (DateOnly Day, decimal Price, decimal? Volume)> lastEmitted = new(StringComparer.Ordinal);
    private TimeSpan nextBackoff;
    private DateTimeOffset? throttledUntil;

    public AlphaVantagePoller(AlphaVantageClient client, IOptions<AlphaVantageOptions> options, QuoteIntake intake, SymbolUniverse universe, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        settings = options.Value;
        this.intake = intake;
        this.universe = universe;
        this.time = time;
        Bucket = settings.ParsedPlan.CreateBucket(time);
        nextBackoff = settings.ThrottleBackoff;
    }

    /// <summary>The request budget of the key, shared by every symbol.</summary>
    public TokenBucket Bucket { get; }

    /// <summary>
    /// Makes at most one request, waiting for a token first if needed. Returns zero when it made one (call again),
    /// otherwise how long nothing can be done: the rest of a throttling pause, the time until a parked symbol is
    /// due, or <see cref="Timeout.InfiniteTimeSpan"/> while the universe is empty.
    /// </summary>
    public async Task<TimeSpan> PollOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (throttledUntil is { } until && until > now)
        {
            return until - now;
        }

        var wait = schedule.TimeUntilDue(universe.Symbols, now);
        if (wait != TimeSpan.Zero)
        {
            return wait ?? Timeout.InfiniteTimeSpan;
        }

        await Bucket.WaitAsync(cancellationToken);

        // The universe may have changed while we waited.
        var batch = schedule.Next(universe.Symbols, time.GetUtcNow(), settings.UseBulkQuotes ? settings.BulkBatchSize : 1);
        if (batch.Count == 0)
        {
            return TimeSpan.Zero;
        }

        schedule.Polled(batch[^1]);
        if (settings.UseBulkQuotes)
        {
            await PollBatchAsync(batch, cancellationToken);
        }
        else
        {
            await PollSymbolAsync(batch[0], cancellationToken);
        }

        return TimeSpan.Zero;
    }

    private async Task PollSymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        var fetch = await client.GlobalQuoteAsync(symbol, cancellationToken);
        if (!fetch.Succeeded)
        {
            intake.Failed(ProviderName, symbol, fetch.FailureReason, fetch.Detail);
            return;
        }

        var response = AlphaVantageParser.ParseGlobalQuote(fetch.Body);
        if (response.Kind == AlphaVantageResponseKind.Throttled)
        {
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

    private async Task PollBatchAsync(IReadOnlyList<string> batch, CancellationToken cancellationToken)
    {
        var fetch = await client.BulkQuotesAsync(batch, cancellationToken);
        if (!fetch.Succeeded)
        {
            intake.Failed(ProviderName, null, fetch.FailureReason, $"{Describe(batch)}: {fetch.Detail}");
            return;
        }

        var response = AlphaVantageParser.ParseBulkQuotes(fetch.Body);
        if (response.Kind == AlphaVantageResponseKind.Throttled)
        {
            Throttle(Describe(batch), response.Message);
            return;
        }

        nextBackoff = settings.ThrottleBackoff;
        if (response.Kind != AlphaVantageResponseKind.Quotes)
        {
            // An "Error Message" here concerns the whole call, not one symbol.
            var reason = response.Kind == AlphaVantageResponseKind.ErrorMessage ? FailureReason.ProviderError : FailureReason.MalformedResponse;
            intake.Failed(ProviderName, null, reason, $"{Describe(batch)}: {Message(response.Message)}");
            return;
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

    private void Throttle(string who, string? message)
    {
        var pause = nextBackoff;
        throttledUntil = time.GetUtcNow() + pause;
        nextBackoff = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, settings.MaxThrottleBackoff.Ticks));
        intake.Throttled(ProviderName, $"{who}: {Message(message)}; pausing every request for {pause}");
    }

    private string Message(string? text)
    {
        var redacted = client.Redact(text ?? string.Empty);
        return redacted.Length <= MaxMessageLength ? redacted : redacted[..MaxMessageLength] + "…";
    }

    private static string Describe(IReadOnlyList<string> batch) =>
        batch.Count == 1 ? $"bulk call for {batch[0]}" : $"bulk call for {batch.Count.ToString(CultureInfo.InvariantCulture)} symbols ({batch[0]}…{batch[^1]})";
}
