using JasperFx.Events;
using Marten;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// Where a portfolio's state comes from: the stored snapshot (<c>mt_doc_portfolio</c>, written at opening and then by
/// commands every <see cref="SnapshotOptions.SnapshotEvery"/> events) plus the events recorded after it, folded. A
/// snapshot is only a shortcut: without one the whole stream is folded, and a missing or old one is written again by the
/// next command.
/// </summary>
public static class PortfolioSnapshots
{
    /// <summary>Starts the stream of a new portfolio with <paramref name="events"/> (the opening first) and stores its snapshot.</summary>
    public static PortfolioState StartStream(IDocumentSession session, Guid id, IReadOnlyList<object> events)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(events);
        session.Events.StartStream<PortfolioState>(id, events.ToArray());
        var state = PortfolioState.Fold(events);
        Store(session, state);
        return state;
    }

    /// <summary>
    /// Appends <paramref name="events"/> at the version <paramref name="after"/> was decided on (the commit fails if the
    /// stream has moved on) and stores <paramref name="after"/> as the snapshot once <paramref name="snapshotEvery"/>
    /// events or more were recorded since <paramref name="snapshotVersion"/>; returns the stored snapshot's version.
    /// </summary>
    public static long Append(IDocumentSession session, PortfolioState after, IReadOnlyList<object> events, long snapshotVersion, int snapshotEvery)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(events);
        session.Events.Append(after.Id, after.Version, events.ToArray());
        if (after.Version - snapshotVersion < snapshotEvery)
        {
            return snapshotVersion;
        }

        Store(session, after);
        return after.Version;
    }

    /// <summary>The portfolio's current state and the version of the snapshot it started from (0: none); null when there is no such stream.</summary>
    public static async Task<LoadedPortfolio?> LoadAsync(IQuerySession session, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var snapshot = await session.LoadAsync<PortfolioState>(id, cancellationToken);
        var events = await session.Events.FetchStreamAsync(id, fromVersion: (snapshot?.Version ?? 0) + 1, token: cancellationToken);
        return await CatchUpAsync(session, id, snapshot, events, cancellationToken) is { } state ? new LoadedPortfolio(state, snapshot?.Version ?? 0) : null;
    }

    /// <summary>The current state of each portfolio that has a snapshot among <paramref name="snapshots"/>, in the same order (two round trips in all).</summary>
    public static async Task<IReadOnlyList<PortfolioState>> CatchUpAsync(IQuerySession session, IReadOnlyList<PortfolioState> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var batch = session.CreateBatchQuery();
        var later = snapshots.Select(s => batch.Events.FetchStream(s.Id, fromVersion: s.Version + 1)).ToList();
        await batch.Execute(cancellationToken);
        var states = new List<PortfolioState>(snapshots.Count);
        for (var k = 0; k < snapshots.Count; k++)
        {
            states.Add((await CatchUpAsync(session, snapshots[k].Id, snapshots[k], await later[k], cancellationToken))!);
        }

        return states;
    }

    /// <summary>The current state of each of <paramref name="ids"/> that has a snapshot.</summary>
    public static async Task<IReadOnlyList<PortfolioState>> LoadManyAsync(IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0 ? [] : await CatchUpAsync(session, [.. await session.LoadManyAsync<PortfolioState>(cancellationToken, ids)], cancellationToken);
    }

    /// <summary>
    /// <paramref name="snapshot"/> (null: none) with <paramref name="events"/>, the stream's events after it, folded in order.
    /// A back-dated movement replays the ledger from the history, read from the stream when the snapshot has none.
    /// </summary>
    private static async Task<PortfolioState?> CatchUpAsync(IQuerySession session, Guid id, PortfolioState? snapshot, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        var state = snapshot;
        foreach (var e in events)
        {
            if (state is null)
            {
                state = e.Data is PortfolioOpened opened
                    ? PortfolioState.Start(opened)
                    : throw new InvalidOperationException($"Portfolio {id} has no PortfolioOpened before version {e.Version}.");
                continue;
            }

            if (e.Version != state.Version + 1)
            {
                throw new InvalidOperationException($"Portfolio {id}: event version {e.Version} follows state version {state.Version}.");
            }

            if (state.History is null && state.IsBackDated(e.Data))
            {
                state = await PortfolioHistory.WithHistoryAsync(session, state, cancellationToken);
            }

            state = state.After(e.Data);
        }

        return state;
    }

    /// <summary>The snapshot is the state without its history, which may be long.</summary>
    private static void Store(IDocumentSession session, PortfolioState state) => session.Store(state with { History = null });
}

/// <summary>A portfolio's current state and the version of the stored snapshot it was folded from (0: none).</summary>
public sealed record LoadedPortfolio(PortfolioState State, long SnapshotVersion);
