namespace StockMonitor.Portfolio.RecordingTrades;

public enum TradeSide
{
    Buy,
    Sell,
}
