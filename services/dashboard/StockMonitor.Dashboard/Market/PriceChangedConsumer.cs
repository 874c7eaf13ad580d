using MassTransit;
using StockMonitor.Contracts.Pricing;

namespace StockMonitor.Dashboard.Market;

/// <summary>Moves the market board forward; the board hands every newer price to the open streams.</summary>
public sealed class PriceChangedConsumer(MarketBoard board, DashboardMetrics metrics, TimeProvider time) : IConsumer<PriceChanged>
{
    public Task Consume(ConsumeContext<PriceChanged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        metrics.PriceReceived(board.Publish(SymbolQuote.From(context.Message, time.GetUtcNow())));
        return Task.CompletedTask;
    }
}
