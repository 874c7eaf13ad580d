using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// The states this replica's commands last committed, so that a command decides without reading the database first.
/// Never trusted blindly: a command appends at the version it decided on, so a state another replica has moved past
/// fails the append and is read again. Commands on one portfolio take turns here (<see cref="TurnAsync"/>), so they do
/// not collide with each other on this replica.
/// </summary>
public sealed class PortfolioStateCache : IDisposable
{
    private const int Stripes = 256;
    private readonly MemoryCache states;
    private readonly SemaphoreSlim[] turns = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public PortfolioStateCache(IOptions<SnapshotOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        states = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CachedPortfolios });
    }

    public LoadedPortfolio? Get(Guid id) => states.TryGetValue(id, out LoadedPortfolio? loaded) ? loaded : null;

    /// <summary>Keeps <paramref name="loaded"/> (without its history, which may be long).</summary>
    public void Set(LoadedPortfolio loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        states.Set(loaded.State.Id, loaded with { State = loaded.State with { History = null } }, new MemoryCacheEntryOptions { Size = 1 });
    }

    public void Remove(Guid id) => states.Remove(id);

    /// <summary>Waits for this replica's other commands on <paramref name="id"/> (and on the few portfolios sharing its stripe).</summary>
    public async Task<IDisposable> TurnAsync(Guid id, CancellationToken cancellationToken)
    {
        var turn = turns[(id.GetHashCode() & int.MaxValue) % Stripes];
        await turn.WaitAsync(cancellationToken);
        return new Release(turn);
    }

    public void Dispose()
    {
        states.Dispose();
        foreach (var turn in turns)
        {
            turn.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }
}
