using MassTransit;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Pricing.Alerts;

/// <summary>Stores a rule a portfolio added.</summary>
public sealed class AlertRuleAddedConsumer(AlertRuleStore store, AlertRuleCache cache) : IConsumer<AlertRuleAdded>
{
    public async Task Consume(ConsumeContext<AlertRuleAdded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await store.AddAsync(context.Message, context.CancellationToken);
        cache.Invalidate();
    }
}
