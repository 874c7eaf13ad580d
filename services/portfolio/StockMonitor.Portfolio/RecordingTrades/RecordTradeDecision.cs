using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.RecordingTrades;

public static class RecordTradeDecision
{
    /// <summary>
    /// A buy needs the cash at its time, a sell the shares at its time; back-dated, neither may break a later
    /// movement (a sale of shares no longer held, cash below zero).
    /// </summary>
    public static IReadOnlyList<object> Handle(PortfolioState state, RecordTrade command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        PortfolioRules.EnsureOpen(state);
        object trade = command.Side == TradeSide.Buy
            ? new SharesBought(state.Id, command.Symbol, command.Quantity, command.Price, command.Fees, command.ExecutedAt)
            : new SharesSold(state.Id, command.Symbol, command.Quantity, command.Price, command.Fees, command.ExecutedAt);
        state.EnsureAllowed(trade);
        return [trade];
    }
}
