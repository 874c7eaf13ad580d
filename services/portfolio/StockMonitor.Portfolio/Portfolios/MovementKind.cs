namespace StockMonitor.Portfolio.Portfolios;

/// <summary>What a <see cref="Movement"/> does to cash and holdings.</summary>
public enum MovementKind
{
    Deposit,
    Withdrawal,
    Buy,
    Sell,
    Dividend,
    Split,
    Fee,
}
