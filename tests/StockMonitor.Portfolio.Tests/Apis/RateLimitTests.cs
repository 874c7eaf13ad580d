using System.Net;
using StockMonitor.Auth;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>Each token subject gets its own allowance of requests per window; beyond it, 429 with <c>Retry-After</c>.</summary>
public class RateLimitTests(RateLimitTests.LimitedApi api) : IClassFixture<RateLimitTests.LimitedApi>
{
    private const int Limit = 3;

    [Fact]
    public async Task Requests_beyond_the_limit_are_429_with_retry_after_and_a_problem()
    {
        using var client = api.CreateClient(PortfolioApiFixture.Token("rate-limited", Scopes.All));
        for (var i = 0; i < Limit; i++)
        {
            await (await client.GetAsync(Url("/api/portfolios"))).ExpectAsync(HttpStatusCode.OK);
        }

        var refused = await client.GetAsync(Url("/api/portfolios"));

        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Portfolio:RateLimit", problem.Detail, StringComparison.Ordinal);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Commands_count_against_the_same_allowance()
    {
        using var client = api.CreateClient(PortfolioApiFixture.Token("rate-limited-writer", Scopes.All));
        var id = (await client.OpenAsync()).Id;
        await (await client.DepositAsync(id, 10m)).ViewAsync();
        await (await client.GetAsync(Url(PathOf(id)))).ExpectAsync(HttpStatusCode.OK);

        var refused = await client.DepositAsync(id, 10m);

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task One_subject_over_its_limit_leaves_other_subjects_served()
    {
        using var busy = api.CreateClient(PortfolioApiFixture.Token("busy", Scopes.All));
        using var quiet = api.CreateClient(PortfolioApiFixture.Token("quiet", Scopes.All));
        for (var i = 0; i <= Limit; i++)
        {
            await busy.GetAsync(Url("/api/portfolios"));
        }

        var busyAnswer = await busy.GetAsync(Url("/api/portfolios"));
        var quietAnswer = await quiet.GetAsync(Url("/api/portfolios"));

        Assert.Equal(HttpStatusCode.TooManyRequests, busyAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, quietAnswer.StatusCode);
    }

    [Fact]
    public async Task Health_is_not_rate_limited()
    {
        using var client = api.CreateClient(null);

        for (var i = 0; i < Limit * 3; i++)
        {
            await (await client.GetAsync(Url("/health"))).ExpectAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>The service with a small allowance: <see cref="Limit"/> requests an hour per subject.</summary>
    public sealed class LimitedApi : PortfolioApiFixture
    {
        protected override void Configure(IDictionary<string, string> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings["Portfolio:RateLimit:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Portfolio:RateLimit:Window"] = "01:00:00";
        }
    }
}
