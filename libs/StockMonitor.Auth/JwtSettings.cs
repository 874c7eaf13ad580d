using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace StockMonitor.Auth;

/// <summary>
/// How bearer tokens are issued and checked (configuration section <c>Auth</c>: <c>Auth__Issuer</c>,
/// <c>Auth__Audience</c>, <c>Auth__SigningKey</c>). The defaults run locally; anywhere else set a secret key of
/// at least 32 bytes (the service warns when it runs on the development key outside Development).
/// </summary>
public sealed class JwtSettings
{
    public const string Section = "Auth";

    /// <summary>The well-known local key: fine on a laptop, never in a shared environment.</summary>
    public const string DevelopmentSigningKey = "stockmonitor-local-development-signing-key-do-not-use-in-production";

    public string Issuer { get; set; } = "stockmonitor-local";

    public string Audience { get; set; } = "stockmonitor";

    public string SigningKey { get; set; } = DevelopmentSigningKey;

    public bool UsesDevelopmentKey => SigningKey == DevelopmentSigningKey;

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}
