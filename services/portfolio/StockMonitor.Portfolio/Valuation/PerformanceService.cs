using Marten;
using StockMonitor.Portfolio.Performance;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// Values a portfolio at past instants and hands the values and external flows to <see cref="PerformanceCalculator"/>.
/// The value at an instant = cash + Σ quantity × price, from the movements that happened strictly before it; a
/// symbol's price then is the most recent of its hour-bar closes and its own trades (in today's shares) at or
/// before the instant, and for instants after now the live price.
/// </summary>
public sealed class PerformanceService(IDocumentStore store, PriceHistory history, LivePrices live, TimeProvider time)
{
    /// <summary>How far before the period hour closes are looked for (a symbol may not have traded for days).</summary>
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(10);

    public async Task<PerformanceReport> CalculateAsync(PortfolioState portfolio, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
        var movements = await MovementsAsync(portfolio, cancellationToken);
        var symbols = movements.Where(m => m.Symbol is not null && m.Kind is MovementKind.Buy or MovementKind.Sell).Select(m => m.Symbol!).Distinct().ToList();

        // PriceHistoryUnavailableException goes to the caller: the API answers without returns, or 503.
        var closes = new Dictionary<string, IReadOnlyList<(DateTimeOffset At, decimal Close)>>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            closes[symbol] = await history.HourClosesAsync(symbol, start - LookBack, end, cancellationToken);
        }

        // The calculator asks for instants in time order: replay the movements once, moving forward as it asks
        // (from the start again only if it ever goes back).
        var ordered = Ledger.InOrder(movements).ToList();
        var ledger = Ledger.Empty;
        var applied = 0;
        var lastInstant = DateTimeOffset.MinValue;
        decimal ValueAt(DateTimeOffset instant)
        {
            if (instant < lastInstant)
            {
                (ledger, applied) = (Ledger.Empty, 0);
            }

            lastInstant = instant;
            for (; applied < ordered.Count && ordered[applied].At < instant; applied++)
            {
                ledger = ledger.Apply(ordered[applied]).Ledger;
            }

            var value = ledger.Cash;
            foreach (var holding in ledger.Holdings.Values.Where(h => h.Quantity != 0))
            {
                value += holding.Quantity * PriceAt(holding, instant);
            }

            return value;
        }

        decimal PriceAt(Holding holding, DateTimeOffset instant)
        {
            if (instant > now && live.Get(holding.Symbol) is { } current)
            {
                return current.Price;
            }

            var (at, price) = (holding.LastTradeAt ?? DateTimeOffset.MinValue, holding.LastTradePrice);
            if (closes.TryGetValue(holding.Symbol, out var series))
            {
                // Hour closes are in order: the last one at or before the instant.
                for (var i = series.Count - 1; i >= 0; i--)
                {
                    if (series[i].At <= instant)
                    {
                        if (series[i].At > at)
                        {
                            price = series[i].Close;
                        }

                        break;
                    }
                }
            }

            return price;
        }

        var flows = movements.Where(m => m.IsExternalFlow).Select(m => new ExternalFlow(m.At, m.SignedFlow)).ToList();
        return PerformanceCalculator.Calculate(from, to, flows, ValueAt);
    }

    /// <summary>The portfolio's movements up to its version: its own history when it has it, else read from its stream (the snapshot keeps none).</summary>
    private async Task<IReadOnlyList<Movement>> MovementsAsync(PortfolioState portfolio, CancellationToken cancellationToken)
    {
        if (portfolio.History is { } known)
        {
            return known;
        }

        await using var session = store.QuerySession();
        return await PortfolioHistory.LoadAsync(session, portfolio.Id, portfolio.Version, cancellationToken);
    }
}
