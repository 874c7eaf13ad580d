using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.OpeningPortfolios;

/// <summary>Body of <c>POST /api/portfolios</c>.</summary>
/// <param name="Name">1-100 characters.</param>
/// <param name="Currency">ISO 4217 code of the portfolio's base currency; USD when absent.</param>
public sealed record OpenPortfolioRequest(string? Name, string? Currency = null) : ICommandRequest<OpenPortfolio>
{
    /// <summary>The portfolio gets a new id (a version 7 GUID) and the caller as owner.</summary>
    public OpenPortfolio? ToCommand(CommandContext context, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        errors = [];
        var name = RequestRules.Text(errors, "name", Name, 100, required: true);
        var currency = (Currency ?? "USD").Trim().ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["An ISO 4217 code such as USD."];
        }

        return errors.Count == 0 ? new OpenPortfolio(Guid.CreateVersion7(), name!, context.Owner, currency) : null;
    }
}
