namespace StockMonitor.Portfolio.Apis;

/// <summary>One entry of the audit trail (<c>GET /api/portfolios/{id}/events</c>).</summary>
/// <param name="Type">The event's name, e.g. <c>SharesBought</c>.</param>
/// <param name="RecordedAt">When it was appended (the event's own time, e.g. executedAt, is in <paramref name="Data"/>).</param>
public sealed record PortfolioEventView(long Version, string Type, DateTimeOffset RecordedAt, object Data);
