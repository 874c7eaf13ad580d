namespace StockMonitor.Portfolio.Apis;

/// <summary>One symbol held (or once held): FIFO lots and costs, realized P&amp;L, dividends, and its valuation.</summary>
/// <param name="PriceSource"><c>live</c> (pricing's latest), <c>trade</c> (the last trade, when no live price is known).</param>
/// <param name="DayChange">Σ quantity × (price − previous close); null without a previous close.</param>
/// <param name="Weight">Market value ÷ the portfolio's total value (cash included).</param>
public sealed record HoldingView(
    string Symbol,
    decimal Quantity,
    decimal AverageCost,
    decimal OpenCost,
    decimal RealizedPnl,
    decimal Dividends,
    IReadOnlyList<LotView> Lots,
    decimal Price,
    decimal? PreviousClose,
    DateTimeOffset? PriceObservedAt,
    string PriceSource,
    decimal MarketValue,
    decimal UnrealizedPnl,
    decimal? DayChange,
    decimal Weight);
