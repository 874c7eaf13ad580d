using MassTransit;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Dashboard.Live;

namespace StockMonitor.Dashboard.Portfolios;

/// <summary>Tells the open streams that a portfolio moved to a new version; those showing it read it again through the API.</summary>
public sealed class PortfolioChangedConsumer(ViewerRegistry viewers) : IConsumer<PortfolioChanged>
{
    public Task Consume(ConsumeContext<PortfolioChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        viewers.PortfolioChanged(context.Message.PortfolioId, context.Message.Version);
        return Task.CompletedTask;
    }
}
