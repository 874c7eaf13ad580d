namespace StockMonitor.Portfolio.Apis;

/// <summary>What a command answers with once its events are appended: status, JSON body, and a Location for 201.</summary>
public sealed record CommandOutcome(int StatusCode, object Body, string? Location = null);
