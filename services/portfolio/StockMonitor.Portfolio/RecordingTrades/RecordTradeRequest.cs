namespace StockMonitor.Portfolio.RecordingTrades;

/// <summary>Body of <c>POST /api/portfolios/{id}/trades</c>.</summary>
/// <param name="Side"><c>buy</c> or <c>sell</c>.</param>
/// <param name="Fees">Commission and other costs of the trade; zero when absent.</param>
public sealed record RecordTradeRequest(string? Symbol, string? Side, decimal? Quantity, decimal? Price, decimal? Fees, DateTimeOffset? ExecutedAt);
