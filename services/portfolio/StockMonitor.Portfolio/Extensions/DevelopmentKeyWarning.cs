namespace StockMonitor.Portfolio.Extensions;

/// <summary>Says at start, loudly, that tokens are checked with the well-known local key.</summary>
internal sealed partial class DevelopmentKeyWarning(ILogger<DevelopmentKeyWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogWarning();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:SigningKey is the local development key: anyone can mint tokens. Set Auth__SigningKey to a secret of at least 32 bytes outside a laptop.")]
    private partial void LogWarning();
}
