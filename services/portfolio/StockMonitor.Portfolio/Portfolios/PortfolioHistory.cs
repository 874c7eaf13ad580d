using System.Collections.Immutable;
using Marten;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>A portfolio's movements read from its stream: what back-dated movements and returns need, and the snapshot does not keep.</summary>
public static class PortfolioHistory
{
    /// <summary>The movements of the stream's events up to <paramref name="version"/>, in the order recorded.</summary>
    /// <exception cref="InvalidOperationException">Some of those events are not committed yet (appended in the same batch).</exception>
    public static async Task<ImmutableList<Movement>> LoadAsync(IQuerySession session, Guid id, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = await session.Events.FetchStreamAsync(id, version, token: cancellationToken);
        if (events.Count != version)
        {
            throw new InvalidOperationException($"Portfolio {id} has {events.Count} committed events, not {version}: a back-dated movement must not follow others in one append.");
        }

        return events.Select(e => Movement.Of(e.Data, e.Version)).OfType<Movement>().ToImmutableList();
    }

    /// <summary>The movements of the stream's events after version <paramref name="after"/> up to <paramref name="version"/>, in the order recorded.</summary>
    /// <exception cref="InvalidOperationException">Some of those events are not committed.</exception>
    public static async Task<IReadOnlyList<Movement>> LoadAfterAsync(IQuerySession session, Guid id, long after, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (after >= version)
        {
            return [];
        }

        var events = await session.Events.FetchStreamAsync(id, version, fromVersion: after + 1, token: cancellationToken);
        if (events.Count != version - after)
        {
            throw new InvalidOperationException($"Portfolio {id} has {events.Count} committed events after version {after}, not {version - after}.");
        }

        return events.Select(e => Movement.Of(e.Data, e.Version)).OfType<Movement>().ToList();
    }

    /// <summary><paramref name="state"/> with its history loaded (as is, when it has it).</summary>
    public static async Task<PortfolioState> WithHistoryAsync(IQuerySession session, PortfolioState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.History is not null ? state : state with { History = await LoadAsync(session, state.Id, state.Version, cancellationToken) };
    }
}
