namespace StockMonitor.Dashboard.SigningIn;

/// <summary>Who the page is signed in as (nothing when not), and whether the local demo sign-in link works here.</summary>
public sealed record SessionView(bool SignedIn, string? Subject, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, bool DemoSignIn);
