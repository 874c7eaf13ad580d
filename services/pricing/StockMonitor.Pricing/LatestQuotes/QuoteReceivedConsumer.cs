using MassTransit;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Pricing.LatestQuotes;

/// <summary>Stores each received quote as the symbol's latest (unless a newer one is there) and announces the change.</summary>
public sealed class QuoteReceivedConsumer(LatestQuoteStore store) : IConsumer<QuoteReceived>
{
    public async Task Consume(ConsumeContext<QuoteReceived> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stored = await store.TryUpdateAsync(context.Message.Quote, context.CancellationToken);
        if (stored is null)
        {
            return; // a duplicate or an older quote: nothing changed
        }

        await context.Publish(
            new PriceChanged(stored.Symbol, stored.Price, stored.PreviousClose, stored.Change, stored.ChangePercent, stored.ObservedAt),
            context.CancellationToken);
    }
}
