namespace StockMonitor.Pricing.Alerts;

/// <summary>
/// The active rules by symbol, read from the table at most every <see cref="MaxAge"/> (every pricing instance
/// sees a rule another instance stored within that time) and at once after this instance stored one.
/// </summary>
public sealed class AlertRuleCache(AlertRuleStore store, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private ILookup<string, AlertRule> bySymbol = Enumerable.Empty<AlertRule>().ToLookup(r => r.Symbol, StringComparer.Ordinal);
    private DateTimeOffset loadedAt = DateTimeOffset.MinValue;

    public void Invalidate() => loadedAt = DateTimeOffset.MinValue;

    public void Dispose() => refresh.Dispose();

    public async Task<IReadOnlyList<AlertRule>> ForSymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - loadedAt > MaxAge)
        {
            await refresh.WaitAsync(cancellationToken);
            try
            {
                if (time.GetUtcNow() - loadedAt > MaxAge)
                {
                    var rules = await store.ListAsync(cancellationToken);
                    bySymbol = rules.Where(r => !r.Removed).ToLookup(r => r.Symbol, StringComparer.Ordinal);
                    loadedAt = time.GetUtcNow();
                }
            }
            finally
            {
                refresh.Release();
            }
        }

        return bySymbol[symbol].ToList();
    }
}
