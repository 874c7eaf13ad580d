using MassTransit;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Dashboard.Live;

namespace StockMonitor.Dashboard.Portfolios;

/// <summary>Hands a fired alert to the open streams; each signed-in stream shows it only if the portfolio is its user's.</summary>
public sealed class PriceAlertTriggeredConsumer(ViewerRegistry viewers) : IConsumer<PriceAlertTriggered>
{
    public Task Consume(ConsumeContext<PriceAlertTriggered> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        viewers.AlertTriggered(context.Message);
        return Task.CompletedTask;
    }
}
