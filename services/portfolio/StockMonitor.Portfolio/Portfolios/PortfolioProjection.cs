using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// Marten's fold of a portfolio stream into <see cref="PortfolioState"/> (inline: the snapshot is updated in the
/// command's transaction). Only a back-dated movement reads the stream's earlier events, to replay the ledger.
/// </summary>
public sealed partial class PortfolioProjection : SingleStreamProjection<PortfolioState, Guid>
{
    public override async ValueTask<PortfolioState?> EvolveAsync(PortfolioState? snapshot, Guid id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Data is PortfolioOpened opened)
        {
            return PortfolioState.Start(opened) with { History = null };
        }

        var state = snapshot ?? throw new InvalidOperationException($"Portfolio {id} has no PortfolioOpened before version {e.Version}.");
        if (state.History is null && state.IsBackDated(e.Data))
        {
            state = await PortfolioHistory.WithHistoryAsync(session, state, cancellation);
        }

        return state.After(e.Data) with { Version = e.Version, History = null };
    }
}
