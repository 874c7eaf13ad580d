using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// Rate limiting of the API per token subject (<c>sub</c>): one fixed window per subject, sized by
/// <see cref="RateLimitOptions"/>. A request beyond it is answered 429 with <c>Retry-After</c> (seconds until the window
/// ends) and a ProblemDetails body. Runs after authentication, so the subject is known.
/// </summary>
public static class SubjectRateLimit
{
    public const string PolicyName = "per-subject";

    public static void AddSubjectRateLimit(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => o.PermitLimit > 0, "Portfolio:RateLimit:PermitLimit must be positive")
            .Validate(o => o.Window > TimeSpan.Zero, "Portfolio:RateLimit:Window must be positive")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PolicyName, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                // Every endpoint of the API needs a token; an anonymous request is refused before it gets here.
                var subject = http.User.FindFirst("sub")?.Value ?? "";
                return RateLimitPartition.GetFixedWindowLimiter(subject, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = 0,
                });
            });
            o.OnRejected = RejectAsync;
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<PortfolioMetrics>().RateLimited();
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = FormattableString.Invariant(
                    $"More than {limits.PermitLimit} requests in {limits.Window} for this subject (Portfolio:RateLimit); retry in {seconds} s."),
            },
        });
    }
}
