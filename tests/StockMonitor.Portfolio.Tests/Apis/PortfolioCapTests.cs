using System.Net;
using Marten;
using StockMonitor.Auth;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>An owner has at most <c>Portfolio:MaxPortfoliosPerOwner</c> portfolios, also when opening them concurrently.</summary>
public class PortfolioCapTests(PortfolioCapTests.CappedApi api) : IClassFixture<PortfolioCapTests.CappedApi>
{
    private const int Cap = 4;

    [Fact]
    public async Task Opening_one_more_than_the_cap_is_409_with_the_reason()
    {
        using var client = api.CreateClient(PortfolioApiFixture.Token("capped", Scopes.All));
        for (var i = 0; i < Cap; i++)
        {
            await client.OpenAsync($"P{i}");
        }

        var refused = await client.PostAsync("/api/portfolios", new { name = "One too many" });

        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"{Cap} portfolios", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(Cap, await CountAsync("capped"));
    }

    [Fact]
    public async Task Closed_portfolios_count_towards_the_cap()
    {
        using var client = api.CreateClient(PortfolioApiFixture.Token("capped-closer", Scopes.All));
        var ids = new List<Guid>();
        for (var i = 0; i < Cap; i++)
        {
            ids.Add((await client.OpenAsync($"P{i}")).Id);
        }

        await (await client.PostAsync(PathOf(ids[0], "/close"), new { })).ViewAsync();
        var refused = await client.PostAsync("/api/portfolios", new { name = "One too many" });

        await refused.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_cap_is_per_owner()
    {
        using var full = api.CreateClient(PortfolioApiFixture.Token("capped-full", Scopes.All));
        using var other = api.CreateClient(PortfolioApiFixture.Token("capped-other", Scopes.All));
        for (var i = 0; i < Cap; i++)
        {
            await full.OpenAsync($"P{i}");
        }

        var opened = await other.PostAsync("/api/portfolios", new { name = "Mine" });

        await opened.ViewAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Racing_opens_beyond_the_cap_open_exactly_the_cap()
    {
        const int racers = (Cap * 3) + 1;
        using var client = api.CreateClient(PortfolioApiFixture.Token("capped-racer", Scopes.All));
        using var start = new SemaphoreSlim(0);
        var opens = Enumerable.Range(0, racers).Select(async i =>
        {
            await start.WaitAsync();
            return await client.PostAsync("/api/portfolios", new { name = $"Racer {i}" });
        }).ToList();

        start.Release(racers);
        var answers = await Task.WhenAll(opens);

        Assert.Equal(Cap, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(racers - Cap, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(Cap, await CountAsync("capped-racer"));
    }

    private async Task<int> CountAsync(string owner)
    {
        await using var session = api.Store.QuerySession();
        return await session.Query<PortfolioState>().CountAsync(p => p.Owner == owner);
    }

    /// <summary>The service with a cap of <see cref="Cap"/> portfolios per owner.</summary>
    public sealed class CappedApi : PortfolioApiFixture
    {
        protected override void Configure(IDictionary<string, string> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            settings["Portfolio:MaxPortfoliosPerOwner"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
