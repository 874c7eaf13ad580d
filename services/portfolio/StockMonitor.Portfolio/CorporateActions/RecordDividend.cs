namespace StockMonitor.Portfolio.CorporateActions;

public sealed record RecordDividend(string Symbol, decimal Amount, DateTimeOffset PaidAt);
