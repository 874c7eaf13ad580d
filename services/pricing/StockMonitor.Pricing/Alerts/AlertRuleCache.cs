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

    // Bumped by every invalidation. A read records the generation it started at: one that began before a rule was
    // stored may have missed it, and must not count as fresh for the next MaxAge.
    private long generation;
    private long loadedGeneration = -1;

    public void Invalidate() => Interlocked.Increment(ref generation);

    public void Dispose() => refresh.Dispose();

    public async Task<IReadOnlyList<AlertRule>> ForSymbolAsync(string symbol, CancellationToken cancellationToken)
    {
        if (IsStale)
        {
            await refresh.WaitAsync(cancellationToken);
            try
            {
                if (IsStale)
                {
                    var startedAt = Interlocked.Read(ref generation);
                    var rules = await store.ListAsync(cancellationToken);
                    bySymbol = rules.Where(r => !r.Removed).ToLookup(r => r.Symbol, StringComparer.Ordinal);
                    loadedAt = time.GetUtcNow();
                    Interlocked.Exchange(ref loadedGeneration, startedAt);
                }
            }
            finally
            {
                refresh.Release();
            }
        }

        return bySymbol[symbol].ToList();
    }

    private bool IsStale => time.GetUtcNow() - loadedAt > MaxAge || Interlocked.Read(ref loadedGeneration) != Interlocked.Read(ref generation);
}
