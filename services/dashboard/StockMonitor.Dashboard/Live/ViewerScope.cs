using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Dashboard.Live;

/// <summary>
/// What one browser page follows: every symbol (the market page) or some (a symbol page), and, when signed in, one
/// portfolio or the list of the user's portfolios.
/// </summary>
public sealed record ViewerScope(bool AllSymbols, IReadOnlySet<string> Symbols, Guid? Portfolio, bool PortfolioList)
{
    public bool Wants(string symbol) => AllSymbols || Symbols.Contains(symbol);

    /// <summary>
    /// Reads <c>?symbols=*</c> or <c>?symbols=AAPL,MSFT</c> (none: no prices), <c>?portfolio=ID</c> and
    /// <c>?portfolios=true</c>; returns the problems by parameter name when something is not valid.
    /// </summary>
    public static (ViewerScope? Scope, Dictionary<string, string[]> Errors) Parse(string? symbols, string? portfolio, bool? portfolios)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var all = symbols?.Trim() == "*";
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!all && !string.IsNullOrWhiteSpace(symbols))
        {
            foreach (var symbol in symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var normalized = symbol.ToUpperInvariant();
                if (!QuoteRecordSerializer.IsValidSymbol(normalized))
                {
                    errors["symbols"] = [$"'{symbol}' is not a symbol (1-12 of A-Z 0-9 . - ^); use * for every symbol."];
                    break;
                }

                set.Add(normalized);
            }

            if (set.Count > 200)
            {
                errors["symbols"] = ["At most 200 symbols; use * for every symbol."];
            }
        }

        Guid? id = null;
        if (!string.IsNullOrEmpty(portfolio))
        {
            if (Guid.TryParse(portfolio, out var parsed))
            {
                id = parsed;
            }
            else
            {
                errors["portfolio"] = ["A portfolio id is a GUID."];
            }
        }

        return errors.Count > 0 ? (null, errors) : (new ViewerScope(all, set, id, portfolios == true), errors);
    }
}
