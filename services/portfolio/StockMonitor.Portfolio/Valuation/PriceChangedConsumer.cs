using MassTransit;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>Keeps <see cref="LivePrices"/> current: every valuation the API answers uses the newest price.</summary>
public sealed class PriceChangedConsumer(LivePrices prices, PortfolioMetrics metrics) : IConsumer<PriceChanged>
{
    public Task Consume(ConsumeContext<PriceChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        metrics.ValuationRefreshed(prices.Update(new LivePrice(m.Symbol, m.Price, m.PreviousClose, m.ObservedAt)));
        return Task.CompletedTask;
    }
}
