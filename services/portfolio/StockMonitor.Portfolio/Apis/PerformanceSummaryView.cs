namespace StockMonitor.Portfolio.Apis;

/// <summary>Returns since the portfolio opened (fractions: 0.05 = +5 %); null when undefined (e.g. nothing deposited yet).</summary>
public sealed record PerformanceSummaryView(DateOnly From, DateOnly To, decimal? TimeWeightedReturn, decimal? MoneyWeightedReturn);
