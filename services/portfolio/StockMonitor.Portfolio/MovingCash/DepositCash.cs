namespace StockMonitor.Portfolio.MovingCash;

public sealed record DepositCash(decimal Amount, DateTimeOffset At);
