using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace StockMonitor.Auth;

/// <summary>
/// How bearer tokens are issued and checked (configuration section <c>Auth</c>: <c>Auth__Issuer</c>,
/// <c>Auth__Audience</c>, <c>Auth__SigningKey</c>). The defaults run locally, in Development only: anywhere else a
/// service refuses to start without a secret key of its own of at least 32 bytes (see <see cref="JwtSettingsValidation"/>).
/// </summary>
public sealed class JwtSettings
{
    public const string Section = "Auth";

    /// <summary>The well-known local key: fine on a laptop, never in a shared environment.</summary>
    public const string DevelopmentSigningKey = "stockmonitor-local-development-signing-key-do-not-use-in-production";

    /// <summary>The issuer of the local stack's tokens (the default), the only one <c>./stockmonitor token</c> mints for.</summary>
    public const string LocalIssuer = "stockmonitor-local";

    /// <summary>HS256 needs a key at least as long as its hash: 256 bits.</summary>
    public const int MinimumKeyBits = 256;

    public string Issuer { get; set; } = LocalIssuer;

    public string Audience { get; set; } = "stockmonitor";

    public string SigningKey { get; set; } = DevelopmentSigningKey;

    public bool UsesDevelopmentKey => SigningKey == DevelopmentSigningKey;

    /// <summary>The key's length in bits (its UTF-8 bytes).</summary>
    public int KeyBits => Encoding.UTF8.GetByteCount(SigningKey ?? "") * 8;

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}
