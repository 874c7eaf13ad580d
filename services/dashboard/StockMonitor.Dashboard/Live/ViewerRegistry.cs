using System.Collections.Immutable;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Live;

/// <summary>The open streams of this instance. Broadcasts run over a snapshot, so streams come and go without locking them.</summary>
public sealed class ViewerRegistry
{
    private ImmutableArray<Viewer> viewers = [];

    public int Count => viewers.Length;

    public void Add(Viewer viewer) => ImmutableInterlocked.Update(ref viewers, v => v.Add(viewer));

    public void Remove(Viewer viewer) => ImmutableInterlocked.Update(ref viewers, v => v.Remove(viewer));

    public void OfferQuote(BoardEntry entry)
    {
        foreach (var viewer in viewers)
        {
            viewer.OfferQuote(entry);
        }
    }

    public void PortfolioChanged(Guid portfolioId, long version)
    {
        foreach (var viewer in viewers)
        {
            viewer.Listener?.OnPortfolioChanged(portfolioId, version);
        }
    }

    public void AlertTriggered(PriceAlertTriggered alert)
    {
        foreach (var viewer in viewers)
        {
            viewer.Listener?.OnAlert(alert);
        }
    }
}
