using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.ManagingPortfolios;

/// <summary>Body of <c>POST /api/portfolios/{id}/rename</c>; its command is the new name.</summary>
public sealed record RenameRequest(string? Name) : ICommandRequest<string>
{
    public string? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        errors = [];
        return RequestRules.Text(errors, "name", Name, 100, required: true);
    }
}
