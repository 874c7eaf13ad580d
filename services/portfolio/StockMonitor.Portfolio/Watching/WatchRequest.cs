using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Watching;

/// <summary>Body of <c>POST /api/portfolios/{id}/watchlist</c>.</summary>
public sealed record WatchRequest(string? Symbol)
{
    public string? ToSymbol(out Dictionary<string, string[]> errors)
    {
        errors = [];
        return RequestRules.Symbol(errors, "symbol", Symbol);
    }
}
