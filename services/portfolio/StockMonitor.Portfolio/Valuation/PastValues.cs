using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// A portfolio's value at instants asked in time order: <paramref name="start"/> plus the <paramref name="movements"/>
/// that happened strictly before the instant, each symbol at the most recent of its hour closes and its own trades at
/// or before it, and at instants after <paramref name="now"/> at the live price. Moves forward as it is asked (from
/// <paramref name="start"/> again only if it is ever asked an earlier instant).
/// </summary>
/// <param name="movements">Movements after <paramref name="start"/>, in the order they happened (<see cref="Ledger.InOrder"/>).</param>
internal sealed class PastValues(
    Ledger start,
    IReadOnlyList<Movement> movements,
    IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset At, decimal Close)>> closes,
    LivePrices live,
    DateTimeOffset now)
{
    private readonly Ledger origin = start;
    private Ledger ledger = start;
    private int applied;
    private DateTimeOffset lastInstant = DateTimeOffset.MinValue;

    /// <summary>The ledger just before <paramref name="instant"/>.</summary>
    public Ledger LedgerBefore(DateTimeOffset instant)
    {
        if (instant < lastInstant)
        {
            (ledger, applied) = (origin, 0);
        }

        lastInstant = instant;
        for (; applied < movements.Count && movements[applied].At < instant; applied++)
        {
            ledger = ledger.Apply(movements[applied]).Ledger;
        }

        return ledger;
    }

    public decimal ValueAt(DateTimeOffset instant)
    {
        var before = LedgerBefore(instant);
        var value = before.Cash;
        foreach (var holding in before.Holdings.Values.Where(h => h.Quantity != 0))
        {
            value += holding.Quantity * PriceAt(holding, instant);
        }

        return value;
    }

    private decimal PriceAt(Holding holding, DateTimeOffset instant)
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
}
