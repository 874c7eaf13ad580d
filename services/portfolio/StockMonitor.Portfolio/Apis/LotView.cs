namespace StockMonitor.Portfolio.Apis;

public sealed record LotView(decimal Quantity, decimal UnitCost, decimal Cost, DateTimeOffset AcquiredAt);
