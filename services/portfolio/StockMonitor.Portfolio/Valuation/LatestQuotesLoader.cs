using System.Threading.Channels;
using MassTransit;
using Polly;
using Polly.Retry;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// Fills <see cref="LivePrices"/> from pricing's latest quotes (<c>GET /api/quotes</c>) when the service starts, so a
/// restart shows values at once instead of waiting for the next <c>PriceChanged</c> of every symbol. The start waits
/// for one attempt of at most <see cref="FirstAttemptTimeout"/>; if pricing is not there, the service starts anyway
/// (valuations use trade prices) and the load is retried in the background until it succeeds.
/// It loads again whenever a receive endpoint of the bus becomes ready again: the <c>PriceChanged</c> queue is the
/// instance's own and goes away with its connection, so what pricing announced while the broker was unreachable is
/// only in pricing's API.
/// </summary>
public sealed partial class LatestQuotesLoader(PricingClient pricing, LivePrices prices, TimeProvider time, ILogger<LatestQuotesLoader> logger) : IHostedService, IReceiveEndpointObserver, IDisposable
{
    public static readonly TimeSpan FirstAttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stopping = new();
    private readonly Channel<bool> reloads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Task? reloading;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(FirstAttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await LoadAsync(linked.Token);
        }
        catch (Exception ex) when (ex is PricingUnavailableException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(ex);
            RequestReload();
        }

        reloading = ReloadOnRequestAsync(stopping.Token);
    }

    /// <summary>Asks for a load in the background (retried until it succeeds); several requests meanwhile make one load.</summary>
    public void RequestReload() => reloads.Writer.TryWrite(true);

    public Task Ready(ReceiveEndpointReady ready)
    {
        // Also at start (once per endpoint, coalesced): harmless, an older price never replaces a newer one.
        RequestReload();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed, so stopped before: a host may stop its services once more after disposing them
            // (WebApplicationFactory stops the host that app.Run has already stopped and disposed).
            return;
        }

        if (reloading is not null)
        {
            await reloading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task ReloadOnRequestAsync(CancellationToken cancellationToken)
    {
        // Yield first: StartAsync must not run the retry loop before it returns.
        await Task.Yield();
        try
        {
            while (await reloads.Reader.WaitToReadAsync(cancellationToken))
            {
                reloads.Reader.TryRead(out _);
                await RetryAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<PricingUnavailableException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(2),
                MaxDelay = TimeSpan.FromMinutes(1),
                OnRetry = args =>
                {
                    LogFailed(args.Outcome.Exception);
                    return default;
                },
            })
            .Build();

        await retry.ExecuteAsync(async token => await LoadAsync(token), cancellationToken).AsTask().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var quotes = await pricing.LatestQuotesAsync(cancellationToken);
        foreach (var quote in quotes)
        {
            prices.Update(new LivePrice(quote.Symbol, quote.Price, quote.PreviousClose, quote.ObservedAt));
        }

        LogLoaded(quotes.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} latest prices from pricing's API")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read latest prices from pricing's API; valuations use trade prices until PriceChanged arrives, retrying")]
    private partial void LogFailed(Exception? exception);
}
