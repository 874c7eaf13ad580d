namespace StockMonitor.Portfolio.Performance;

/// <summary>
/// The portfolio's total value (cash + Σ quantity × price) at the end of a day, the net external flow on that day,
/// and the day's time-weighted return, split at its flows (null when the day had no capital to earn on, e.g. before the first deposit).
/// </summary>
public sealed record DailyValue(DateOnly Date, decimal Value, decimal NetFlow, decimal? DailyReturn);
