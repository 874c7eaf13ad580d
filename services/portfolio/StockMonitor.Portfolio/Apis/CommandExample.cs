namespace StockMonitor.Portfolio.Apis;

/// <summary>Endpoint metadata: a valid body of the command, shown as the request example of the OpenAPI document.</summary>
public sealed record CommandExample(object Body);
