using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace StockMonitor.Ingestion.Symbols;

/// <summary>
/// The symbols to stream: the configured ones ∪ every symbol held or watched in any portfolio. Providers
/// read <see cref="Symbols"/> and wait on <see cref="WaitForChangeAsync"/> to follow changes.
/// </summary>
public sealed class SymbolUniverse
{
    private readonly Lock gate = new();
    private readonly ImmutableSortedSet<string> configured;
    private readonly Dictionary<Guid, (long Version, ImmutableSortedSet<string> Symbols)> portfolios = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SymbolUniverse(IOptions<SymbolOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        configured = options.Value.Symbols.ToImmutableSortedSet(StringComparer.Ordinal);
        Symbols = configured;
    }

    /// <summary>The current universe, sorted.</summary>
    public ImmutableSortedSet<string> Symbols { get; private set; }

    /// <summary>Completes at the next change of <see cref="Symbols"/>.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return changed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records a portfolio's symbols at <paramref name="version"/>; an older or equal version is ignored.
    /// Returns whether the universe changed.
    /// </summary>
    public bool Apply(Guid portfolioId, IEnumerable<string> symbols, long version)
    {
        TaskCompletionSource? toComplete = null;
        lock (gate)
        {
            if (portfolios.TryGetValue(portfolioId, out var known) && known.Version >= version)
            {
                return false;
            }

            portfolios[portfolioId] = (version, symbols.ToImmutableSortedSet(StringComparer.Ordinal));
            var next = configured.Union(portfolios.Values.SelectMany(p => p.Symbols));
            if (next.SetEquals(Symbols))
            {
                return false;
            }

            Symbols = next;
            toComplete = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        toComplete.SetResult();
        return true;
    }
}
