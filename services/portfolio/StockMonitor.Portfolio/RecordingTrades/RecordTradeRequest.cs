using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.RecordingTrades;

/// <summary>Body of <c>POST /api/portfolios/{id}/trades</c>.</summary>
/// <param name="Side"><c>buy</c> or <c>sell</c>.</param>
/// <param name="ExecutedAt">When the trade was executed; may be in the past (back-dated trades land where they belong).</param>
/// <param name="Fees">Commission and other costs of the trade; zero when absent.</param>
public sealed record RecordTradeRequest(string? Symbol, string? Side, decimal? Quantity, decimal? Price, DateTimeOffset? ExecutedAt, decimal? Fees = null)
    : ICommandRequest<RecordTrade>
{
    public RecordTrade? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        errors = [];
        var symbol = RequestRules.Symbol(errors, "symbol", Symbol);
        TradeSide? side = Side?.Trim().ToUpperInvariant() switch
        {
            "BUY" => TradeSide.Buy,
            "SELL" => TradeSide.Sell,
            _ => null,
        };
        if (side is null)
        {
            errors["side"] = ["Required: 'buy' or 'sell'."];
        }

        var quantity = RequestRules.Positive(errors, "quantity", Quantity);
        var price = RequestRules.Positive(errors, "price", Price);
        var fees = RequestRules.NonNegative(errors, "fees", Fees);
        var executedAt = RequestRules.Time(errors, "executedAt", ExecutedAt, now, fallback: null);
        return errors.Count == 0 ? new RecordTrade(symbol!, side!.Value, quantity, price, fees, executedAt) : null;
    }
}
