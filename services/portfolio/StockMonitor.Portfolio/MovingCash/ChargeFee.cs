namespace StockMonitor.Portfolio.MovingCash;

public sealed record ChargeFee(decimal Amount, string Description, DateTimeOffset At);
