namespace StockMonitor.Portfolio.MovingCash;

public sealed record WithdrawCash(decimal Amount, DateTimeOffset At);
