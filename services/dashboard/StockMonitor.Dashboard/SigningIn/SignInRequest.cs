namespace StockMonitor.Dashboard.SigningIn;

/// <summary>A bearer token issued by the organisation's identity provider (the same kind the portfolio API takes).</summary>
public sealed record SignInRequest(string? Token);
