namespace StockMonitor.Portfolio.Apis;

/// <summary>The portfolio's totals. <paramref name="TotalValue"/> = cash + market value of the holdings.</summary>
/// <param name="NetDeposits">Deposits − withdrawals.</param>
/// <param name="Fees">Trade fees and other fees paid.</param>
public sealed record TotalsView(
    decimal MarketValue,
    decimal TotalValue,
    decimal OpenCost,
    decimal UnrealizedPnl,
    decimal RealizedPnl,
    decimal Dividends,
    decimal Fees,
    decimal DayChange,
    decimal Deposits,
    decimal Withdrawals,
    decimal NetDeposits);
