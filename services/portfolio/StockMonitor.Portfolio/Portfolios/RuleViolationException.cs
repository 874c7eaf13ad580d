namespace StockMonitor.Portfolio.Portfolios;

/// <summary>A command broke a rule of the portfolio's current state (answered as 409 with ProblemDetails).</summary>
public sealed class RuleViolationException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}
