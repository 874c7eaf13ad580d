using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Providers;
using StockMonitor.Ingestion.Symbols;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// Polls Alpha Vantage (<c>GLOBAL_QUOTE</c> per symbol, or <c>REALTIME_BULK_QUOTES</c> on a premium key) within the
/// key's request budget; on when <c>ALPHAVANTAGE_API_KEY</c> is set. The work is done by
/// <see cref="AlphaVantagePoller"/>; this loop only waits in between, waking early when the universe changes.
/// </summary>
public sealed partial class AlphaVantageProvider(
    AlphaVantagePoller poller,
    SymbolUniverse universe,
    IOptions<AlphaVantageOptions> options,
    ProviderSelection selection,
    TimeProvider time,
    ILogger<AlphaVantageProvider> logger) : IQuoteProvider
{
    public string Name => AlphaVantagePoller.ProviderName;

    public bool IsEnabled => selection.AlphaVantage;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        LogStarting(settings.ParsedPlan, settings.UseBulkQuotes ? "REALTIME_BULK_QUOTES" : "GLOBAL_QUOTE", settings.BaseUrl, universe.Symbols.Count);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var idle = await poller.PollOnceAsync(cancellationToken);
            if (idle != TimeSpan.Zero)
            {
                await IdleAsync(idle, cancellationToken);
            }
        }
    }

    /// <summary>Waits <paramref name="idle"/> (or forever), or until the universe changes.</summary>
    private async Task IdleAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var changed = universe.WaitForChangeAsync(stop.Token);
        var elapsed = Task.Delay(idle, time, stop.Token);
        await Task.WhenAny(changed, elapsed);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alpha Vantage: plan {Plan}, {Function} from {BaseUrl}, {Count} symbols")]
    private partial void LogStarting(AlphaVantagePlan plan, string function, Uri? baseUrl, int count);
}
