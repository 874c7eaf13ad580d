namespace StockMonitor.Portfolio.Performance;

/// <summary>An external cash flow: deposit positive, withdrawal negative. Trades and dividends inside the portfolio are not external flows.</summary>
public sealed record ExternalFlow(DateTimeOffset At, decimal Amount);
