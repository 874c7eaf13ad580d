using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Portfolio.RecordingTrades;

public static class RecordTradeRequestValidation
{
    /// <summary>Upper bound of quantities, prices and amounts; anything larger is a typo, not a trade.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>Turns a request into a command, or says what is wrong with each field.</summary>
    public static Dictionary<string, string[]> Validate(this RecordTradeRequest request, out RecordTrade? command)
    {
        ArgumentNullException.ThrowIfNull(request);
        command = null;
        var errors = new Dictionary<string, string[]>();
        var symbol = request.Symbol?.Trim().ToUpperInvariant();
        if (!QuoteRecordSerializer.IsValidSymbol(symbol))
        {
            errors["symbol"] = ["Required: 1-12 of A-Z 0-9 . - ^."];
        }

        TradeSide? side = request.Side?.ToUpperInvariant() switch
        {
            "BUY" => TradeSide.Buy,
            "SELL" => TradeSide.Sell,
            _ => null,
        };
        if (side is null)
        {
            errors["side"] = ["Required: 'buy' or 'sell'."];
        }

        if (request.Quantity is not (> 0 and <= MaxAmount))
        {
            errors["quantity"] = [$"Required: greater than 0 and at most {MaxAmount:0}."];
        }

        if (request.Price is not (> 0 and <= MaxAmount))
        {
            errors["price"] = [$"Required: greater than 0 and at most {MaxAmount:0}."];
        }

        if (request.Fees is < 0 or > MaxAmount)
        {
            errors["fees"] = [$"Must be between 0 and {MaxAmount:0}."];
        }

        if (request.ExecutedAt is null)
        {
            errors["executedAt"] = ["Required: when the trade was executed (ISO-8601 with offset)."];
        }

        if (errors.Count == 0)
        {
            command = new RecordTrade(symbol!, side!.Value, request.Quantity!.Value, request.Price!.Value, request.Fees ?? 0m, request.ExecutedAt!.Value.ToUniversalTime());
        }

        return errors;
    }
}
