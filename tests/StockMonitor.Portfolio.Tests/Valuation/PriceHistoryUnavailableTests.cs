using System.Net;
using StockMonitor.Portfolio.Tests.Apis;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>Without the price history (pricing's API fails), holdings still answer; returns say they cannot be computed.</summary>
public class PriceHistoryUnavailableTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task When_pricing_fails_or_is_unreachable_then_the_portfolio_answers_without_returns_and_performance_is_503()
    {
        var portfolio = await api.Client.OpenAsync();
        await (await api.Client.DepositAsync(portfolio.Id, 1_000m, PortfolioHttp.Day(5))).ExpectAsync(HttpStatusCode.OK);
        await (await api.Client.TradeAsync(portfolio.Id, "buy", 2, 100m, 0m, PortfolioHttp.Day(6))).ExpectAsync(HttpStatusCode.OK);
        api.Pricing.Failing = true;

        var view = await api.Client.GetViewAsync(portfolio.Id);
        var performance = await api.Client.GetAsync(PortfolioHttp.Url(PortfolioHttp.PathOf(portfolio.Id, "/performance")));

        Assert.Null(view.Performance);
        Assert.Equal(2m, Assert.Single(view.Holdings).Quantity);
        Assert.Equal(800m, view.Cash);
        var problem = await performance.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Price history unavailable", problem.Title);
        Assert.Equal("The price history (hour bars from the pricing service) could not be read.", problem.Detail);
        // The client retried (the standard resilience handler) before giving up: more than one bars request each time.
        Assert.True(api.Pricing.Requests.Count(r => r.StartsWith("/api/quotes/AAPL/bars", StringComparison.Ordinal)) > 2);

        // And with nothing listening at pricing's address at all, the same answer.
        await api.Pricing.DisposeAsync();
        var unreachable = await api.Client.GetAsync(PortfolioHttp.Url(PortfolioHttp.PathOf(portfolio.Id, "/performance")));

        Assert.Equal("Price history unavailable", (await unreachable.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Title);
        Assert.Null((await api.Client.GetViewAsync(portfolio.Id)).Performance);
    }
}
