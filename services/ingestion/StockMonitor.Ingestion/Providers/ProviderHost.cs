namespace StockMonitor.Ingestion.Providers;

/// <summary>
/// Runs every enabled provider side by side. A provider that crashes is logged and restarted after a
/// growing delay; it never stops the others.
/// </summary>
internal sealed partial class ProviderHost(IEnumerable<IQuoteProvider> providers, IngestionMetrics metrics, TimeProvider time, ILogger<ProviderHost> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var enabled = providers.Where(p => p.IsEnabled).ToList();
        var names = string.Join(", ", enabled.Select(p => p.Name));
        LogProviders(names);
        foreach (var provider in enabled)
        {
            metrics.Started(provider.Name);
        }

        return Task.WhenAll(enabled.Select(p => SuperviseAsync(p, stoppingToken)));
    }

    private async Task SuperviseAsync(IQuoteProvider provider, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await provider.RunAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCrashed(ex, provider.Name, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Market-data providers: {Providers}")]
    private partial void LogProviders(string providers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Provider {Provider} failed; restarting in {Delay}")]
    private partial void LogCrashed(Exception exception, string provider, TimeSpan delay);
}
