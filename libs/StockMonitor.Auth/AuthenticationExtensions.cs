using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace StockMonitor.Auth;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication with the <c>Auth</c> settings, and one authorization policy per scope
    /// (named after the scope). Claims keep their JWT names (<c>sub</c>, <c>scope</c>).
    /// </summary>
    public static JwtSettings AddJwtAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
        if (string.IsNullOrEmpty(settings.SigningKey) || settings.Key().KeySize < 256)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = settings.Key(),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = "sub",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.FindAll("scope").SelectMany(s => s.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal)));
        }

        return settings;
    }
}
