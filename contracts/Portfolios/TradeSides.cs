namespace StockMonitor.Contracts.Portfolios;

/// <summary>The values of <see cref="TradeRecorded.Side"/>.</summary>
public static class TradeSides
{
    public const string Buy = "buy";
    public const string Sell = "sell";
}
