using System.Globalization;
using Microsoft.Extensions.Configuration;
using StockMonitor.Auth;

// Prints only the token on stdout, so `TOKEN=$(./stockmonitor token)` works; everything else goes to stderr.
var subject = LocalTokens.DemoSubject;
var scopes = new List<string>();
var lifetime = TimeSpan.FromHours(12);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-h" or "--help":
            Console.Error.WriteLine($"""
                Usage: ./stockmonitor token [--subject NAME] [--scope SCOPE ...] [--hours N]

                Mints a bearer token for the portfolio API of the local stack, signed with the development key and
                issuer '{JwtSettings.LocalIssuer}' (audience Auth__Audience, default 'stockmonitor'), and prints only the
                token. Services accept such tokens only in Development, as ./stockmonitor up runs them. It refuses to
                mint for anything else: with Auth__SigningKey set to another key or Auth__Issuer to another issuer.
                Defaults: subject '{LocalTokens.DemoSubject}', scopes {string.Join(" and ", Scopes.All)}, valid 12 hours.
                A portfolio belongs to the subject that opened it.
                """);
            return 0;
        case "--subject" when i + 1 < args.Length:
            subject = args[++i];
            break;
        case "--scope" when i + 1 < args.Length:
            scopes.Add(args[++i]);
            break;
        case "--hours" when i + 1 < args.Length && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0:
            lifetime = TimeSpan.FromHours(hours);
            i++;
            break;
        default:
            Console.Error.WriteLine($"token: unknown or incomplete option '{args[i]}' (see --help)");
            return 2;
    }
}

var unknown = scopes.Except(Scopes.All).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"token: unknown scope(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Scopes.All)}");
    return 2;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var settings = configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
if (LocalTokens.RefusalFor(settings) is { } refusal)
{
    Console.Error.WriteLine($"token: {refusal}");
    return 3;
}

Console.WriteLine(LocalTokens.Mint(settings, subject, scopes.Count > 0 ? scopes : Scopes.All, lifetime, DateTimeOffset.UtcNow));
return 0;
