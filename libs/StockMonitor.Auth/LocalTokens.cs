using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StockMonitor.Auth;

/// <summary>Mints HS256 bearer tokens with the configured issuer, audience and key (for local use and tests).</summary>
public static class LocalTokens
{
    public const string DemoSubject = "demo";

    /// <summary>
    /// Why <c>./stockmonitor token</c> must not mint with <paramref name="settings"/>, or null when they are the local
    /// stack's: the development key and the local issuer. Any other key or issuer belongs to a deployment, whose tokens
    /// come from its identity provider: a script that mints any subject with its key would bypass it.
    /// </summary>
    public static string? RefusalFor(JwtSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string Why = "this tool mints tokens for the local stack only (the development key and issuer '" + JwtSettings.LocalIssuer
            + "', which services accept only in Development). Tokens for a deployed environment come from its identity provider; "
            + "unset Auth__SigningKey and Auth__Issuer to mint for the local stack.";
        if (!settings.UsesDevelopmentKey)
        {
            return "refusing to mint: Auth__SigningKey is set to a key other than the development key, and " + Why;
        }

        return settings.Issuer == JwtSettings.LocalIssuer
            ? null
            : $"refusing to mint: Auth__Issuer is '{settings.Issuer}', not '{JwtSettings.LocalIssuer}', and " + Why;
    }

    public static string Mint(JwtSettings settings, string subject, IEnumerable<string> scopes, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject), new Claim("scope", string.Join(' ', scopes))]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.Key(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
