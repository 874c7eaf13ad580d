namespace StockMonitor.Portfolio.Performance;

/// <summary>
/// Time- and money-weighted returns of a portfolio from the start of <paramref name="From"/> to the end of
/// <paramref name="To"/>, rounded to 10 decimal places; a null return is undefined, never guessed.
/// </summary>
/// <param name="TimeWeightedReturn">Sub-period returns between external flows, chained over the whole period (not annualized).</param>
/// <param name="TimeWeightedReturnAnnualized">Only when the period is longer than 365 days.</param>
/// <param name="MoneyWeightedReturn">The XIRR rate r de-annualized to the period: (1 + r)^(days/365) − 1.</param>
/// <param name="MoneyWeightedReturnAnnualized">The XIRR rate r itself, only when the period is longer than 365 days.</param>
public sealed record PerformanceReport(
    DateOnly From,
    DateOnly To,
    decimal StartValue,
    decimal EndValue,
    decimal NetFlows,
    decimal? TimeWeightedReturn,
    decimal? TimeWeightedReturnAnnualized,
    decimal? MoneyWeightedReturn,
    decimal? MoneyWeightedReturnAnnualized,
    IReadOnlyList<DailyValue> Series);
