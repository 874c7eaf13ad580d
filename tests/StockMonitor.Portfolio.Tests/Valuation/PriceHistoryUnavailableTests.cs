using System.Net;
using StockMonitor.Portfolio.Tests.Apis;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Valuation;

/// <summary>Without the price history (the bars table is gone), holdings still answer; returns say they cannot be computed.</summary>
public class PriceHistoryUnavailableTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    [Fact]
    public async Task When_the_bars_table_is_unreachable_then_the_portfolio_answers_without_returns_and_performance_is_503()
    {
        var portfolio = await api.Client.OpenAsync();
        await (await api.Client.DepositAsync(portfolio.Id, 1_000m, PortfolioHttp.Day(5))).ExpectAsync(HttpStatusCode.OK);
        await (await api.Client.TradeAsync(portfolio.Id, "buy", 2, 100m, 0m, PortfolioHttp.Day(6))).ExpectAsync(HttpStatusCode.OK);
        var infra = await TestInfrastructure.GetAsync();
        await infra.DynamoDb.DeleteTableAsync(api.Resources.QuoteBarsTable);

        var view = await api.Client.GetViewAsync(portfolio.Id);
        var performance = await api.Client.GetAsync(PortfolioHttp.Url(PortfolioHttp.PathOf(portfolio.Id, "/performance")));

        Assert.Null(view.Performance);
        Assert.Equal(2m, Assert.Single(view.Holdings).Quantity);
        Assert.Equal(800m, view.Cash);
        var problem = await performance.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Price history unavailable", problem.Title);
    }
}
