namespace StockMonitor.Dashboard.Portfolios;

/// <summary>An item of the portfolio API's <c>GET /api/portfolios/{id}/alerts/fired</c>.</summary>
public sealed record FiredAlert(Guid RuleId, string Symbol, string Condition, decimal Threshold, decimal Price, DateTimeOffset ObservedAt, DateTimeOffset TriggeredAt);
