using MassTransit;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Pricing.Alerts;

/// <summary>Marks a rule a portfolio removed; it never fires again.</summary>
public sealed class AlertRuleRemovedConsumer(AlertRuleStore store, AlertRuleCache cache) : IConsumer<AlertRuleRemoved>
{
    public async Task Consume(ConsumeContext<AlertRuleRemoved> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await store.RemoveAsync(context.Message, context.CancellationToken);
        cache.Invalidate();
    }
}
