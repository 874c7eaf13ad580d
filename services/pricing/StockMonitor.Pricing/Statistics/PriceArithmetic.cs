namespace StockMonitor.Pricing.Statistics;

/// <summary>Change against the previous close (../shared/notes/domain.md).</summary>
public static class PriceArithmetic
{
    /// <summary>Decimal places kept for percentages.</summary>
    public const int PercentScale = 6;

    public static decimal? Change(decimal price, decimal? previousClose) => previousClose is > 0 ? price - previousClose.Value : null;

    /// <summary>(price − previous close) / previous close × 100, rounded half away from zero to 6 places.</summary>
    public static decimal? ChangePercent(decimal price, decimal? previousClose) =>
        previousClose is > 0 ? Math.Round((price - previousClose.Value) / previousClose.Value * 100m, PercentScale, MidpointRounding.AwayFromZero) : null;
}
