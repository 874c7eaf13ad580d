using System.Collections.Immutable;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>The open lots of one symbol, oldest first, and the P&amp;L realized by selling from them.</summary>
public sealed record Holding(string Symbol, ImmutableList<Lot> Lots, decimal RealizedPnl)
{
    public decimal Quantity => Lots.Sum(l => l.Quantity);

    public decimal OpenCost => Lots.Sum(l => l.Cost);

    public decimal AverageCost => Quantity == 0 ? 0 : OpenCost / Quantity;

    public static Holding Empty(string symbol) => new(symbol, [], 0m);

    public Holding Buy(decimal quantity, decimal price, decimal fees, DateTimeOffset at) =>
        this with { Lots = Lots.Add(new Lot(quantity, (quantity * price) + fees, at)) };

    /// <summary>FIFO: the oldest lots are consumed first; realized P&amp;L = proceeds − fees − cost of what was consumed.</summary>
    public Holding Sell(decimal quantity, decimal price, decimal fees)
    {
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

        return this with { Lots = lots, RealizedPnl = RealizedPnl + ((quantity * price) - fees - consumedCost) };
    }
}
