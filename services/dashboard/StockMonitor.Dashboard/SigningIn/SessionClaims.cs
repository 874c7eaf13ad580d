using System.Globalization;
using System.Security.Claims;
using StockMonitor.Auth;

namespace StockMonitor.Dashboard.SigningIn;

/// <summary>What the dashboard reads from a signed-in user's token claims.</summary>
public static class SessionClaims
{
    public static IReadOnlyList<string> ScopesOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindAll("scope").SelectMany(s => s.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The portfolio views need the same scope the portfolio API asks for.</summary>
    public static bool CanReadPortfolios(ClaimsPrincipal user) => ScopesOf(user).Contains(Scopes.PortfoliosRead, StringComparer.Ordinal);

    public static DateTimeOffset ExpiresAt(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return long.TryParse(user.FindFirstValue("exp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : DateTimeOffset.MaxValue;
    }
}
