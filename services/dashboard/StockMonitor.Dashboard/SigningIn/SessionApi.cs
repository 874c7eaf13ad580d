using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using StockMonitor.Auth;

namespace StockMonitor.Dashboard.SigningIn;

/// <summary>
/// Signing in: the page posts a bearer token (from the organisation's identity provider, or a proxy in front puts it
/// in the Authorization header of every request); it is checked like the portfolio API checks it and kept in the
/// session cookie. In Development with the well-known development key, <c>/signin/demo</c> signs in as
/// <c>demo</c> without one.
/// </summary>
public static class SessionApi
{
    private static readonly TimeSpan DemoLifetime = TimeSpan.FromHours(12);

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app, IWebHostEnvironment environment, JwtSettings jwt)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(jwt);
        var demo = DemoSignInAvailable(environment, jwt);
        var api = app.MapGroup("/api/session").WithTags("Session").AllowAnonymous();
        api.MapGet("/", (HttpContext http) => GetSession(http, demo)).WithName("GetSession");
        api.MapPost("/", SignInAsync).WithName("SignIn");
        api.MapDelete("/", SignOut).WithName("SignOut");
        if (demo)
        {
            app.MapGet("/signin/demo", SignInAsDemo).WithName("SignInAsDemo").AllowAnonymous();
        }

        return app;
    }

    /// <summary>Only on a developer's machine: Development, and tokens signed with the published development key.</summary>
    public static bool DemoSignInAvailable(IWebHostEnvironment environment, JwtSettings jwt) =>
        environment?.IsDevelopment() == true && jwt?.UsesDevelopmentKey == true;

    /// <summary>Always 200, signed in or not, so a page that asks never logs an error.</summary>
    public static Ok<SessionView> GetSession(HttpContext http, bool demoSignIn)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return user.Identity?.IsAuthenticated == true
            ? TypedResults.Ok(new SessionView(true, user.FindFirst("sub")?.Value, SessionClaims.ScopesOf(user), SessionClaims.ExpiresAt(user), demoSignIn))
            : TypedResults.Ok(new SessionView(false, null, [], null, demoSignIn));
    }

    public static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, IOptionsMonitor<JwtBearerOptions> bearer, IWebHostEnvironment environment, JwtSettings jwt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(bearer);
        if (string.IsNullOrWhiteSpace(request.Token))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["Paste a bearer token."] });
        }

        var token = request.Token.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["Bearer ".Length..].Trim();
        }

        var parameters = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken valid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["token"] = [$"This token is not accepted: {Reason(result.Exception)}"],
            });
        }

        var user = new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity);
        if (!SessionClaims.CanReadPortfolios(user))
        {
            return TypedResults.Problem(
                title: "The token cannot read portfolios",
                detail: $"Sign in with a token that has the {Scopes.PortfoliosRead} scope.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        var expiresAt = new DateTimeOffset(valid.ValidTo, TimeSpan.Zero);
        SessionCookie.Write(http, token, expiresAt);
        return TypedResults.Ok(new SessionView(true, valid.Subject, SessionClaims.ScopesOf(user), expiresAt, DemoSignInAvailable(environment, jwt)));
    }

    public static NoContent SignOut(HttpContext http)
    {
        SessionCookie.Delete(http);
        return TypedResults.NoContent();
    }

    public static RedirectHttpResult SignInAsDemo(HttpContext http, JwtSettings jwt, TimeProvider time, string? returnUrl)
    {
        ArgumentNullException.ThrowIfNull(http);
        var now = time?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var token = LocalTokens.Mint(jwt, LocalTokens.DemoSubject, [Scopes.PortfoliosRead], DemoLifetime, now);
        SessionCookie.Write(http, token, now + DemoLifetime);
        // Only a path of this site: never an open redirect.
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : "/portfolios";
        return TypedResults.LocalRedirect(target);
    }

    private static string Reason(Exception? exception) => exception switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "it has expired.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException or Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException => "its signature does not match this deployment's key.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException => "it was issued by someone else.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException => "it is meant for another audience.",
        Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException or ArgumentException => "it is not a JWT.",
        _ => "it could not be validated.",
    };
}
