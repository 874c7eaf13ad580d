using System.Collections.Immutable;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>The open lots of one symbol, oldest first, the P&amp;L realized by selling from them, and dividends received.</summary>
/// <param name="LastTradePrice">The price of the last trade, in today's shares (divided by later split ratios): the fallback valuation price.</param>
public sealed record Holding(string Symbol, ImmutableList<Lot> Lots, decimal RealizedPnl, decimal Dividends, decimal LastTradePrice, DateTimeOffset? LastTradeAt)
{
    // Quantity and open cost are read by every decision, view and symbol set: summed once when the lots change
    // (here, and in the init accessor, which `with { Lots = … }` runs), not on every read.
    private readonly ImmutableList<Lot> lots = Lots;
    private readonly (decimal Quantity, decimal Cost) open = Sums(Lots);

    public ImmutableList<Lot> Lots
    {
        get => lots;
        init
        {
            lots = value;
            open = Sums(value);
        }
    }

    public decimal Quantity => open.Quantity;

    public decimal OpenCost => open.Cost;

    public decimal AverageCost => Quantity == 0 ? 0 : OpenCost / Quantity;

    public static Holding Empty(string symbol) => new(symbol, [], 0m, 0m, 0m, null);

    /// <summary>A new lot whose cost includes the fees.</summary>
    public Holding Buy(decimal quantity, decimal price, decimal fees, DateTimeOffset at) =>
        this with { Lots = Lots.Add(new Lot(quantity, (quantity * price) + fees, at)), LastTradePrice = price, LastTradeAt = at };

    /// <summary>
    /// FIFO: the oldest lots are consumed first; realized P&amp;L = proceeds − fees − cost of what was consumed.
    /// Returns null when fewer than <paramref name="quantity"/> shares are held.
    /// </summary>
    public Holding? Sell(decimal quantity, decimal price, decimal fees, DateTimeOffset at)
    {
        if (quantity > Quantity)
        {
            return null;
        }

        var lots = Lots;
        var remaining = quantity;
        var consumedCost = 0m;
        while (remaining > 0 && !lots.IsEmpty)
        {
            var lot = lots[0];
            if (lot.Quantity <= remaining)
            {
                consumedCost += lot.Cost;
                remaining -= lot.Quantity;
                lots = lots.RemoveAt(0);
            }
            else
            {
                var cost = lot.Cost * remaining / lot.Quantity;
                consumedCost += cost;
                lots = lots.SetItem(0, lot with { Quantity = lot.Quantity - remaining, Cost = lot.Cost - cost });
                remaining = 0;
            }
        }

        return this with { Lots = lots, RealizedPnl = RealizedPnl + ((quantity * price) - fees - consumedCost), LastTradePrice = price, LastTradeAt = at };
    }

    /// <summary>Every open lot's quantity × <paramref name="ratio"/>, its total cost unchanged (so its unit cost ÷ ratio).</summary>
    public Holding Split(decimal ratio) =>
        this with { Lots = Lots.Select(l => l with { Quantity = l.Quantity * ratio }).ToImmutableList(), LastTradePrice = LastTradePrice / ratio };

    public Holding Dividend(decimal amount) => this with { Dividends = Dividends + amount };

    private static (decimal Quantity, decimal Cost) Sums(ImmutableList<Lot> lots)
    {
        ArgumentNullException.ThrowIfNull(lots);
        var (quantity, cost) = (0m, 0m);
        foreach (var lot in lots)
        {
            quantity += lot.Quantity;
            cost += lot.Cost;
        }

        return (quantity, cost);
    }
}
