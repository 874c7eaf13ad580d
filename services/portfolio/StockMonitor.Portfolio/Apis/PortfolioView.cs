namespace StockMonitor.Portfolio.Apis;

/// <summary>A portfolio as the API returns it.</summary>
public sealed record PortfolioView(Guid Id, string Name, string Currency, decimal Cash, IReadOnlyList<HoldingView> Holdings, long Version)
{
    public static PortfolioView From(Portfolios.Portfolio p) => new(
        p.Id,
        p.Name,
        p.Currency,
        p.Cash,
        p.Holdings.Values
            .Where(h => h.Quantity != 0 || h.RealizedPnl != 0)
            .Select(h => new HoldingView(h.Symbol, h.Quantity, h.AverageCost, h.OpenCost, h.RealizedPnl, h.Lots.Select(l => new LotView(l.Quantity, l.UnitCost, l.Cost, l.AcquiredAt)).ToList()))
            .ToList(),
        p.Version);
}

public sealed record HoldingView(string Symbol, decimal Quantity, decimal AverageCost, decimal OpenCost, decimal RealizedPnl, IReadOnlyList<LotView> Lots);

public sealed record LotView(decimal Quantity, decimal UnitCost, decimal Cost, DateTimeOffset AcquiredAt);
