using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Watching;

/// <summary>Body of <c>POST /api/portfolios/{id}/watchlist</c>; its command is the symbol.</summary>
public sealed record WatchRequest(string? Symbol) : ICommandRequest<string>
{
    public string? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        errors = [];
        return RequestRules.Symbol(errors, "symbol", Symbol);
    }
}
