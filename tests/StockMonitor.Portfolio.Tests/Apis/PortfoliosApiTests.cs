using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Tests.Apis;

public class PortfoliosApiTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private static readonly Uri Portfolios = new("/api/portfolios", UriKind.Relative);

    [Fact]
    public async Task Open_returns_201_with_location_and_etag_and_the_portfolio_can_be_read()
    {
        var response = await api.Client.PostAsJsonAsync(Portfolios, new { name = "Growth", currency = "usd" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new EntityTagHeaderValue("\"1\""), response.Headers.ETag);
        var created = await response.Content.ReadFromJsonAsync<PortfolioView>();
        Assert.Equal(("Growth", "USD", 0m), (created!.Name, created.Currency, created.Cash));
        Assert.Equal($"/api/portfolios/{created.Id}", response.Headers.Location?.ToString());
        var read = await api.Client.GetFromJsonAsync<PortfolioView>(response.Headers.Location);
        Assert.Equal(created.Id, read!.Id);
        Assert.Empty(read.Holdings);
    }

    [Fact]
    public async Task Trades_update_the_holding_fifo_and_the_etag_follows_the_version()
    {
        var id = await OpenAsync();

        await TradeAsync(id, "buy", 10, 100m, 5m, "2026-01-05T15:00:00Z");
        await TradeAsync(id, "buy", 10, 120m, 5m, "2026-01-06T15:00:00Z");
        var sell = await TradeAsync(id, "sell", 15, 130m, 7m, "2026-01-07T15:00:00Z");

        Assert.Equal(HttpStatusCode.OK, sell.StatusCode);
        Assert.Equal(new EntityTagHeaderValue("\"4\""), sell.Headers.ETag);
        var response = await api.Client.GetAsync(new Uri($"/api/portfolios/{id}", UriKind.Relative));
        Assert.Equal(new EntityTagHeaderValue("\"4\""), response.Headers.ETag);
        var portfolio = await response.Content.ReadFromJsonAsync<PortfolioView>();
        var holding = Assert.Single(portfolio!.Holdings);
        // Hand-worked in HoldingTests: 5 shares left from the second lot at 120.5, realized 335.5.
        Assert.Equal(("AAPL", 5m, 120.5m, 602.5m, 335.5m), (holding.Symbol, holding.Quantity, holding.AverageCost, holding.OpenCost, holding.RealizedPnl));
        // Cash: -1005 - 1205 + (1950 - 7) = -267.
        Assert.Equal(-267m, portfolio.Cash);
    }

    [Fact]
    public async Task Selling_more_than_held_is_409_and_appends_nothing()
    {
        var id = await OpenAsync();
        await TradeAsync(id, "buy", 2, 50m, 0m, "2026-01-05T15:00:00Z");

        var response = await TradeAsync(id, "sell", 3, 55m, 0m, "2026-01-06T15:00:00Z");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Not enough shares", problem!.Title);
        Assert.Contains("holds 2", problem.Detail, StringComparison.Ordinal);
        var after = await api.Client.GetAsync(new Uri($"/api/portfolios/{id}", UriKind.Relative));
        Assert.Equal(new EntityTagHeaderValue("\"2\""), after.Headers.ETag);
    }

    [Fact]
    public async Task Invalid_trade_is_400_with_an_error_per_field()
    {
        var id = await OpenAsync();

        var response = await api.Client.PostAsJsonAsync(
            new Uri($"/api/portfolios/{id}/trades", UriKind.Relative),
            new { symbol = "not a symbol", side = "hold", quantity = 0, price = -1, fees = -2 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Equal(["executedAt", "fees", "price", "quantity", "side", "symbol"], problem!.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_portfolio_is_404_problem()
    {
        var response = await api.Client.GetAsync(new Uri($"/api/portfolios/{Guid.NewGuid()}", UriKind.Relative));
        var trade = await TradeAsync(Guid.NewGuid(), "buy", 1, 1m, 0m, "2026-01-05T15:00:00Z");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, trade.StatusCode);
    }

    private async Task<Guid> OpenAsync()
    {
        var response = await api.Client.PostAsJsonAsync(Portfolios, new { name = "Test" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PortfolioView>())!.Id;
    }

    private Task<HttpResponseMessage> TradeAsync(Guid id, string side, decimal quantity, decimal price, decimal fees, string executedAt) =>
        api.Client.PostAsJsonAsync(
            new Uri($"/api/portfolios/{id}/trades", UriKind.Relative),
            new { symbol = "AAPL", side, quantity, price, fees, executedAt });
}
