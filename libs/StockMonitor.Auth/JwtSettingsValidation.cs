using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StockMonitor.Auth;

/// <summary>
/// Refuses, at start, a signing key that anyone could use to mint tokens: outside Development a key that is not set or
/// is the development key shipped in the repository, and anywhere a key shorter than 256 bits.
/// </summary>
public sealed class JwtSettingsValidation(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<JwtSettings>
{
    private const string Remedy =
        "Set Auth__SigningKey to a secret of at least 32 random bytes (e.g. `openssl rand -base64 48`), the same for every " +
        "service that checks these tokens; on Kubernetes it comes from the Secret stockmonitor-connections (k8s/README.md). " +
        "Only in Development (ASPNETCORE_ENVIRONMENT=Development, as ./stockmonitor up runs the services) may it be left unset.";

    public ValidateOptionsResult Validate(string? name, JwtSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!environment.IsDevelopment())
        {
            if (string.IsNullOrEmpty(configuration[$"{JwtSettings.Section}:{nameof(JwtSettings.SigningKey)}"]))
            {
                return ValidateOptionsResult.Fail(
                    $"Auth:SigningKey is not set, and outside Development (environment '{environment.EnvironmentName}') the service does not fall back on the development key, with which anyone can mint tokens. {Remedy}");
            }

            if (options.UsesDevelopmentKey)
            {
                return ValidateOptionsResult.Fail(
                    $"Auth:SigningKey is the development key shipped in the repository: anyone can mint tokens with it, so the service refuses it outside Development (environment '{environment.EnvironmentName}'). {Remedy}");
            }
        }

        if (options.KeyBits < JwtSettings.MinimumKeyBits)
        {
            return ValidateOptionsResult.Fail(
                $"Auth:SigningKey has {options.KeyBits} bits; HS256 needs at least {JwtSettings.MinimumKeyBits} (at least 32 bytes). {Remedy}");
        }

        return ValidateOptionsResult.Success;
    }
}
