using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace StockMonitor.Auth;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication with the <c>Auth</c> settings, and one authorization policy per scope
    /// (named after the scope). Claims keep their JWT names (<c>sub</c>, <c>scope</c>). The settings are validated on
    /// start (<see cref="JwtSettingsValidation"/>): outside Development the service does not start on a missing or
    /// development key, nor anywhere on a short one.
    /// </summary>
    public static JwtSettings AddJwtAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddOptions<JwtSettings>().BindConfiguration(JwtSettings.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtSettings>, JwtSettingsValidation>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<JwtSettings>>().Value);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // From the validated options, so that a refused key is reported by the validation, not by the key's constructor.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<JwtSettings>>((o, jwt) =>
        {
            var valid = jwt.Value;
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = valid.Issuer,
                ValidAudience = valid.Audience,
                IssuerSigningKey = valid.Key(),
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
