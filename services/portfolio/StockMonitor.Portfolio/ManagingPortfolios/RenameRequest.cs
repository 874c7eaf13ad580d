using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.ManagingPortfolios;

/// <summary>Body of <c>POST /api/portfolios/{id}/rename</c>.</summary>
public sealed record RenameRequest(string? Name)
{
    public string? ToName(out Dictionary<string, string[]> errors)
    {
        errors = [];
        return RequestRules.Text(errors, "name", Name, 100, required: true);
    }
}
