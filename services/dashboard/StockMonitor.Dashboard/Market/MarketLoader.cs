using System.Text.Json;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StockMonitor.Dashboard.Upstream;

namespace StockMonitor.Dashboard.Market;

/// <summary>
/// Fills the market board from the pricing API: at start, whenever the bus (re)connects — a per-instance queue
/// loses what was published while it was gone — and every <see cref="DashboardOptions.ResyncInterval"/>. Seeds each
/// new symbol's sparkline from its 1-minute bars. While pricing cannot be read it tries again, sooner at first, and
/// logs the outage once when it starts and once when it ends; the health check reports it as degraded.
/// </summary>
public sealed partial class MarketLoader(
    PricingClient pricing,
    MarketBoard board,
    TimeProvider time,
    IOptions<DashboardOptions> options,
    ILogger<MarketLoader> logger) : BackgroundService, IHealthCheck, IReceiveEndpointObserver
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private readonly Channel<bool> resync = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<string> seeded = new(StringComparer.Ordinal);
    private DateTimeOffset? loadedAt;
    private DateTimeOffset? failingSince;
    private int failures;

    /// <summary>Asks for a load as soon as possible (e.g. after the bus reconnected).</summary>
    public void RequestResync() => resync.Writer.TryWrite(true);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(failingSince is { } since
            ? HealthCheckResult.Degraded($"The pricing API has not answered since {since:O} ({failures} tries); prices shown may be stale.")
            : loadedAt is { } at
                ? HealthCheckResult.Healthy($"{board.Count} symbols, loaded from the pricing API at {at:O}.")
                : HealthCheckResult.Degraded("Not loaded from the pricing API yet."));

    public Task Ready(ReceiveEndpointReady ready)
    {
        RequestResync();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            var loaded = await LoadAsync(stoppingToken);
            retry = loaded ? FirstRetry : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.Value.ResyncInterval.Ticks));
            using var wait = new CancellationTokenSource(loaded ? options.Value.ResyncInterval : retry, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, wait.Token);
            try
            {
                await resync.Reader.WaitToReadAsync(linked.Token);
                resync.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Time for the periodic load.
            }
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PricingQuote> quotes;
        try
        {
            quotes = await pricing.QuotesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            failures++;
            if (failingSince is null)
            {
                failingSince = time.GetUtcNow();
                LogPricingUnreachable(ex, options.Value.PricingUrl);
            }

            return false;
        }

        var now = time.GetUtcNow();
        var newer = quotes.Count(q => board.Publish(new SymbolQuote(
            q.Symbol, q.Price, q.Currency, q.PreviousClose, q.Change, q.ChangePercent, q.High, q.Low, q.Volume, q.ObservedAt, now)));
        if (failingSince is { } since)
        {
            LogPricingBack(now - since, failures);
            (failingSince, failures) = (null, 0);
        }

        LogLoaded(quotes.Count, newer);
        loadedAt = now;
        await SeedSparklinesAsync(quotes.Select(q => q.Symbol).Where(s => !seeded.Contains(s)).ToList(), now, cancellationToken);
        return true;
    }

    private async Task SeedSparklinesAsync(IReadOnlyList<string> symbols, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = now - options.Value.SparklineWindow;
        var done = new List<string>();
        await Parallel.ForEachAsync(symbols, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (symbol, token) =>
        {
            try
            {
                var bars = await pricing.MinuteBarsAsync(symbol, from, now, token);
                board.SeedSparkline(symbol, bars.Select(b => new SparkPoint(b.Time, b.Close)));
                lock (done)
                {
                    done.Add(symbol);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !token.IsCancellationRequested)
            {
                // Tried again at the next load; the line fills from live prices meanwhile.
                LogSparklineFailed(ex, symbol);
            }
        });
        seeded.UnionWith(done);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pricing API at {Url} does not answer; the market board keeps its prices and tries again")]
    private partial void LogPricingUnreachable(Exception exception, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "The pricing API answers again after {Outage} ({Failures} failed tries)")]
    private partial void LogPricingBack(TimeSpan outage, int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Loaded {Count} quotes from the pricing API, {Newer} newer than the board's")]
    private partial void LogLoaded(int count, int newer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the bars of {Symbol} for its sparkline; tried again at the next load")]
    private partial void LogSparklineFailed(Exception exception, string symbol);
}
