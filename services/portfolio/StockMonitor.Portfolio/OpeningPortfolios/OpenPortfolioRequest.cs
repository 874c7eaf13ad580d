namespace StockMonitor.Portfolio.OpeningPortfolios;

/// <summary>Body of <c>POST /api/portfolios</c>.</summary>
/// <param name="Currency">ISO 4217 code of the portfolio's base currency; USD when absent.</param>
public sealed record OpenPortfolioRequest(string? Name, string? Currency);
