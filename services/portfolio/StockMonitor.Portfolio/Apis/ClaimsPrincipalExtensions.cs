using System.Security.Claims;

namespace StockMonitor.Portfolio.Apis;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The token's subject: a portfolio belongs to the subject that opened it.</summary>
    public static string Owner(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst("sub")?.Value ?? throw new InvalidOperationException("An authenticated request without a subject.");
    }
}
