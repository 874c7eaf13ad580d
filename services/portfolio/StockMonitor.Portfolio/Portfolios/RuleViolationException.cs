namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// A command the portfolio's state does not allow, answered with ProblemDetails: 409 by default, 404 when it
/// names something the portfolio does not have (a watchlist entry, an alert rule).
/// </summary>
public sealed class RuleViolationException(string title, string detail, int status = 409) : Exception(detail)
{
    public string Title { get; } = title;

    public int Status { get; } = status;
}
