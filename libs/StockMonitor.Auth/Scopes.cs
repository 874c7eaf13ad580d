namespace StockMonitor.Auth;

/// <summary>The scopes a token can carry (claim <c>scope</c>, space-separated) and the policies that require them.</summary>
public static class Scopes
{
    public const string PortfoliosRead = "portfolios:read";
    public const string PortfoliosWrite = "portfolios:write";

    public static readonly IReadOnlyList<string> All = [PortfoliosRead, PortfoliosWrite];
}
