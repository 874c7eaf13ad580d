namespace StockMonitor.Dashboard.Live;

/// <summary>The signed-in user behind a stream: the token's subject, the token itself (to call the portfolio API as the user) and its expiry.</summary>
public sealed record ViewerSession(string Subject, string Token, DateTimeOffset ExpiresAt);
