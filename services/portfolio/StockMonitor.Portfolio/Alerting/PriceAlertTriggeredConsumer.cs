using Marten;
using MassTransit;
using StockMonitor.Contracts.Pricing;

namespace StockMonitor.Portfolio.Alerting;

/// <summary>
/// Keeps every firing of a portfolio's alert rule for its alert history. Storing is an upsert by the firing's id,
/// so a redelivery leaves one document.
/// </summary>
public sealed class PriceAlertTriggeredConsumer(IDocumentSession session) : IConsumer<PriceAlertTriggered>
{
    public async Task Consume(ConsumeContext<PriceAlertTriggered> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        session.Store(AlertFiring.From(context.Message));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
