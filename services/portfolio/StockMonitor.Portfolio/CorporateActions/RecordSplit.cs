namespace StockMonitor.Portfolio.CorporateActions;

public sealed record RecordSplit(string Symbol, decimal Ratio, DateTimeOffset EffectiveAt);
