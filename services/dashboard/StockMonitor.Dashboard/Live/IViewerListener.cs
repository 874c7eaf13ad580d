using StockMonitor.Contracts.Pricing;
using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Live;

/// <summary>What a signed-in stream hears besides the prices it shows. Called on the bus's threads: must not block.</summary>
public interface IViewerListener
{
    void OnPrice(SymbolQuote quote);

    void OnPortfolioChanged(Guid portfolioId, long version);

    void OnAlert(PriceAlertTriggered alert);
}
