namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// Shares bought together. The lot keeps its total <paramref name="Cost"/> (fees included) rather than a unit
/// cost, so splits and partial sales never lose a cent to rounding.
/// </summary>
public sealed record Lot(decimal Quantity, decimal Cost, DateTimeOffset AcquiredAt)
{
    public decimal UnitCost => Quantity == 0 ? 0 : Cost / Quantity;
}
