using System.Globalization;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.RecordingTrades;

public static class RecordTradeDecision
{
    /// <summary>The event a trade produces, or a <see cref="RuleViolationException"/> when the portfolio cannot take it.</summary>
    public static object Handle(Portfolios.Portfolio state, RecordTrade command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Side == TradeSide.Buy)
        {
            return new SharesBought(state.Id, command.Symbol, command.Quantity, command.Price, command.Fees, command.ExecutedAt);
        }

        var held = state.HoldingOf(command.Symbol).Quantity;
        if (command.Quantity > held)
        {
            throw new RuleViolationException(
                "Not enough shares",
                string.Create(CultureInfo.InvariantCulture, $"Cannot sell {command.Quantity} {command.Symbol}: the portfolio holds {held}."));
        }

        return new SharesSold(state.Id, command.Symbol, command.Quantity, command.Price, command.Fees, command.ExecutedAt);
    }
}
